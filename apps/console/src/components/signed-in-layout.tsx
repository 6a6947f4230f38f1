import { Box, Callout, Flex } from "@radix-ui/themes";
import { Outlet } from "@tanstack/react-router";
import { useCallback, useState, type ReactNode } from "react";
import { useSessionExpiry } from "../lib/session-expiry.ts";
import { useSessionUser } from "../lib/session.ts";
import { SignedInUserContext } from "../lib/signed-in-user.ts";
import { LoginPage } from "../pages/login-page.tsx";
import { ErrorState, Loading } from "./async-state.tsx";
import { AppHeader } from "./app-header.tsx";
import { SideNav } from "./side-nav.tsx";

/**
 * Every signed-in page: the session decides what shows. Signed out (or expired), the sign-in form is shown on the
 * same URL, so signing in lands on the page that was asked for.
 */
export function SignedInLayout(): ReactNode {
  const me = useSessionUser();
  const [expired, setExpired] = useState(false);
  const onExpired = useCallback(() => {
    setExpired(true);
  }, []);
  useSessionExpiry(onExpired);

  if (me.isPending) return <Loading label="Loading Tollgate…" />;
  if (me.isError) {
    return (
      <Box p="5">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </Box>
    );
  }
  if (!me.data) {
    return (
      <LoginPage
        notice={
          expired ? (
            <Callout.Root highContrast color="amber" size="1" data-testid="session-expired">
              <Callout.Text>Your session ended. Sign in again to continue.</Callout.Text>
            </Callout.Root>
          ) : undefined
        }
      />
    );
  }
  return (
    <SignedInUserContext value={me.data}>
      <AppHeader user={me.data} />
      <Flex className="shell">
        <SideNav />
        <Box asChild className="shell-main" p={{ initial: "3", sm: "5" }}>
          <main>
            <Outlet />
          </main>
        </Box>
      </Flex>
    </SignedInUserContext>
  );
}
