import type { ReactNode } from "react";
import { useLogout } from "../lib/session.ts";
import type { SessionUser } from "../lib/router-types.ts";

const ROLE_LABELS: Record<SessionUser["role"], string> = {
  operator: "Operator",
  tenant_admin: "Admin",
  tenant_viewer: "Viewer",
};

export function Header({ user }: { user: SessionUser }): ReactNode {
  const logout = useLogout();
  return (
    <header className="header">
      <div className="brand">Tollgate</div>
      <div className="header-context" data-testid="header-context">
        {user.tenant ? user.tenant.name : "Platform operator"}
      </div>
      <div className="header-user">
        <a href="/account" data-testid="account-link">
          {user.email}
        </a>
        <span className="badge">{ROLE_LABELS[user.role]}</span>
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            logout.mutate();
          }}
          disabled={logout.isPending}
          data-testid="logout"
        >
          Sign out
        </button>
      </div>
    </header>
  );
}
