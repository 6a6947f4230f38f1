import {
  Activity,
  Bell,
  BookOpen,
  Bot,
  ChartColumnBig,
  ChartPie,
  Coins,
  FlaskConical,
  Landmark,
  FileText,
  Gauge,
  History,
  KeyRound,
  PiggyBank,
  Settings,
  Tags,
  Users,
  UsersRound,
  Webhook,
  type LucideIcon,
} from "lucide-react";

/** The pages in the navigation, in order. A page is listed here only once it exists. */
export interface NavItem {
  to:
    | "/"
    | "/usage"
    | "/tasks"
    | "/invoices"
    | "/credits"
    | "/budgets"
    | "/alerts"
    | "/keys"
    | "/webhooks"
    | "/settings"
    | "/admin/tenants"
    | "/admin/catalog"
    | "/admin/audit-log"
    | "/admin/plans"
    | "/admin/pipeline"
    | "/admin/simulations"
    | "/admin/billing-runs"
    | "/admin/analytics"
    | "/team";
  label: string;
  icon: LucideIcon;
  /** Shown to operators looking at a tenant too (they are the tenant's pages); false: the user's own pages. */
  tenantPage: boolean;
  /** Shows the unread alert count next to the label. */
  unreadBadge?: boolean;
  /** The operators' own pages (every tenant at once): listed only for operators. */
  operatorOnly?: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: "/", label: "Overview", icon: Gauge, tenantPage: true },
  { to: "/usage", label: "Usage", icon: ChartColumnBig, tenantPage: true },
  { to: "/tasks", label: "Agent tasks", icon: Bot, tenantPage: true },
  { to: "/invoices", label: "Invoices", icon: FileText, tenantPage: true },
  { to: "/credits", label: "Credits", icon: Coins, tenantPage: true },
  { to: "/budgets", label: "Budgets", icon: PiggyBank, tenantPage: true },
  { to: "/alerts", label: "Alerts", icon: Bell, tenantPage: true, unreadBadge: true },
  { to: "/keys", label: "API keys", icon: KeyRound, tenantPage: true },
  { to: "/webhooks", label: "Webhooks", icon: Webhook, tenantPage: true },
  { to: "/team", label: "Team", icon: UsersRound, tenantPage: true },
  { to: "/settings", label: "Settings", icon: Settings, tenantPage: false },
  // The operator's pages, in the order of the work: who, what they pay, before publishing, the models, closing
  // periods, the market, the machinery, and what changed.
  { to: "/admin/tenants", label: "Tenants", icon: Users, tenantPage: false, operatorOnly: true },
  { to: "/admin/plans", label: "Pricing tiers", icon: Tags, tenantPage: false, operatorOnly: true },
  { to: "/admin/simulations", label: "Simulations", icon: FlaskConical, tenantPage: false, operatorOnly: true },
  { to: "/admin/catalog", label: "Catalog", icon: BookOpen, tenantPage: false, operatorOnly: true },
  // Billing runs, with the invoices of every tenant one tab away (billing-tabs.tsx).
  { to: "/admin/billing-runs", label: "Billing", icon: Landmark, tenantPage: false, operatorOnly: true },
  { to: "/admin/analytics", label: "Analytics", icon: ChartPie, tenantPage: false, operatorOnly: true },
  { to: "/admin/pipeline", label: "Pipeline", icon: Activity, tenantPage: false, operatorOnly: true },
  { to: "/admin/audit-log", label: "Audit log", icon: History, tenantPage: false, operatorOnly: true },
];

/** The items `role` sees: operator pages only for operators. */
export function navItemsFor(role: "operator" | "tenant_admin" | "tenant_viewer"): readonly NavItem[] {
  return NAV_ITEMS.filter((item) => item.operatorOnly !== true || role === "operator");
}
