/** Who the demo data logs in as. Every demo password is the same, and printed by `npm start`. */
export const DEMO_PASSWORD = "tollgate-demo";
export const DEMO_OPERATOR_EMAIL = "operator@tollgate.local";

export interface DemoTenant {
  name: string;
  /** What `slugify(name)` gives; tenants are found again by it. */
  slug: string;
  planCode: string;
}

export const DEMO_TENANTS: readonly DemoTenant[] = [
  { name: "Acme Agents", slug: "acme-agents", planCode: "enterprise" },
  { name: "Globex AI", slug: "globex-ai", planCode: "pro" },
  { name: "Initech Labs", slug: "initech-labs", planCode: "free" },
];

export function demoAdminEmail(slug: string): string {
  return `admin@${slug}.example`;
}

/** A read-only login of the busiest demo tenant, to show what a viewer sees (and is refused). */
export const DEMO_VIEWER = { email: "viewer@acme-agents.example", slug: "acme-agents", name: "Acme Agents Viewer" };

export const DEMO_SUBSCRIPTIONS_START = new Date("2025-01-01T00:00:00Z");
