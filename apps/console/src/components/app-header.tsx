import { Badge, Box, Button, DropdownMenu, Flex, Text } from "@radix-ui/themes";
import { Link, useNavigate } from "@tanstack/react-router";
import { CircleUser, LogOut, Menu } from "lucide-react";
import type { ReactNode } from "react";
import { navItemsFor } from "../lib/nav-items.ts";
import type { SessionUser } from "../lib/router-types.ts";
import { useLogout } from "../lib/session.ts";
import { TenantPicker } from "./tenant-picker.tsx";
import { UnreadBadge } from "./unread-badge.tsx";

const ROLE_LABELS: Record<SessionUser["role"], string> = {
  operator: "Operator",
  tenant_admin: "Admin",
  tenant_viewer: "Viewer",
};

export function AppHeader({ user }: { user: SessionUser }): ReactNode {
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <Flex asChild className="app-header" align="center" wrap="wrap" gap="3" px={{ initial: "3", sm: "5" }} py="2">
      <header>
        <Box display={{ initial: "block", md: "none" }}>
          <DropdownMenu.Root modal={false}>
            <DropdownMenu.Trigger>
              <Button variant="soft" color="gray" aria-label="Menu" data-testid="nav-menu">
                <Menu size={16} aria-hidden="true" />
              </Button>
            </DropdownMenu.Trigger>
            <DropdownMenu.Content>
              {navItemsFor(user.role).map((item) => (
                <DropdownMenu.Item
                  key={item.to}
                  onSelect={() => {
                    void navigate({ to: item.to });
                  }}
                >
                  <item.icon size={14} aria-hidden="true" /> {item.label}
                  {item.unreadBadge === true && <UnreadBadge />}
                </DropdownMenu.Item>
              ))}
            </DropdownMenu.Content>
          </DropdownMenu.Root>
        </Box>
        <Link to="/" className="brand">
          Tollgate
        </Link>
        <Flex
          className={user.role === "operator" ? "header-context with-picker" : "header-context"}
          align="center"
          gap="2"
        >
          <Text weight="medium" data-testid="header-context">
            {user.tenant ? user.tenant.name : "Platform operator"}
          </Text>
          {user.role === "operator" && <TenantPicker />}
        </Flex>
        <Box display={{ initial: "block", sm: "none" }} ml="auto">
          <DropdownMenu.Root modal={false}>
            <DropdownMenu.Trigger>
              <Button variant="soft" color="gray" aria-label="Account" data-testid="account-menu">
                <CircleUser size={16} aria-hidden="true" />
              </Button>
            </DropdownMenu.Trigger>
            <DropdownMenu.Content align="end">
              <DropdownMenu.Label>
                {user.email} · {ROLE_LABELS[user.role]}
              </DropdownMenu.Label>
              <DropdownMenu.Item
                onSelect={() => {
                  void navigate({ to: "/settings" });
                }}
              >
                Settings
              </DropdownMenu.Item>
              <DropdownMenu.Item
                onSelect={() => {
                  logout.mutate();
                }}
              >
                Sign out
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Root>
        </Box>
        <Flex className="header-user" align="center" gap="2" ml="auto" display={{ initial: "none", sm: "flex" }}>
          <Link to="/settings" className="header-email" data-testid="account-link">
            {user.email}
          </Link>
          <Badge highContrast color={user.role === "operator" ? "purple" : "gray"}>
            {ROLE_LABELS[user.role]}
          </Badge>
          <Button
            variant="soft"
            color="gray"
            size="2"
            onClick={() => {
              logout.mutate();
            }}
            disabled={logout.isPending}
            data-testid="logout"
          >
            <LogOut size={14} aria-hidden="true" />
            Sign out
          </Button>
        </Flex>
      </header>
    </Flex>
  );
}
