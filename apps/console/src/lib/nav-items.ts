import {
  Bell,
  ChartColumnBig,
  Coins,
  FileText,
  Gauge,
  KeyRound,
  PiggyBank,
  Settings,
  Webhook,
  type LucideIcon,
} from "lucide-react";

/** The pages in the navigation, in order. A page is listed here only once it exists. */
export interface NavItem {
  to: "/" | "/usage" | "/invoices" | "/credits" | "/budgets" | "/alerts" | "/keys" | "/webhooks" | "/settings";
  label: string;
  icon: LucideIcon;
  /** Shown to operators looking at a tenant too (they are the tenant's pages); false: the user's own pages. */
  tenantPage: boolean;
  /** Shows the unread alert count next to the label. */
  unreadBadge?: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: "/", label: "Overview", icon: Gauge, tenantPage: true },
  { to: "/usage", label: "Usage", icon: ChartColumnBig, tenantPage: true },
  { to: "/invoices", label: "Invoices", icon: FileText, tenantPage: true },
  { to: "/credits", label: "Credits", icon: Coins, tenantPage: true },
  { to: "/budgets", label: "Budgets", icon: PiggyBank, tenantPage: true },
  { to: "/alerts", label: "Alerts", icon: Bell, tenantPage: true, unreadBadge: true },
  { to: "/keys", label: "API keys", icon: KeyRound, tenantPage: true },
  { to: "/webhooks", label: "Webhooks", icon: Webhook, tenantPage: true },
  { to: "/settings", label: "Settings", icon: Settings, tenantPage: false },
];
