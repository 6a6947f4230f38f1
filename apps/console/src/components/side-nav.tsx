import { Box, Flex, Text } from "@radix-ui/themes";
import { Link } from "@tanstack/react-router";
import { Fragment, type ReactNode } from "react";
import { navItemsFor } from "../lib/nav-items.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { UnreadBadge } from "./unread-badge.tsx";

/** The page list on wide screens; on phones the header's menu holds the same links. */
export function SideNav(): ReactNode {
  const user = useSignedInUser();
  return (
    <Box asChild className="side-nav" display={{ initial: "none", md: "block" }}>
      <nav aria-label="Pages">
        <Flex direction="column" gap="1" p="3">
          {navItemsFor(user.role).map((item, index, items) => (
            <Fragment key={item.to}>
              {/* The operators' own pages (every tenant at once) apart from the tenant's pages above them. */}
              {item.operatorOnly === true && items[index - 1]?.operatorOnly !== true && (
                <Text size="1" color="gray" weight="medium" className="nav-group">
                  Operator
                </Text>
              )}
              <Link
                to={item.to}
                className="nav-link"
                activeOptions={{ exact: item.to === "/" }}
                activeProps={{ className: "nav-link active", "aria-current": "page" }}
                data-testid={`nav-${item.label.toLowerCase().replace(/\W+/g, "-")}`}
              >
                <item.icon size={16} aria-hidden="true" />
                <Text size="2">{item.label}</Text>
                {item.unreadBadge === true && <UnreadBadge />}
              </Link>
            </Fragment>
          ))}
        </Flex>
      </nav>
    </Box>
  );
}
