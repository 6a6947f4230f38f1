import type { ReactNode } from "react";
import { ErrorState, Loading } from "./components/async-state.tsx";
import { Header } from "./components/header.tsx";
import { currentRoute } from "./lib/route.ts";
import { useSessionUser } from "./lib/session.ts";
import { errorMessage } from "./lib/error-message.ts";
import { AccountPage } from "./pages/account-page.tsx";
import { LoginPage } from "./pages/login-page.tsx";
import { SetupPage } from "./pages/setup-page.tsx";
import { UsagePage } from "./pages/usage-page.tsx";

export function App(): ReactNode {
  const me = useSessionUser();
  const route = currentRoute();
  // The setup page works signed out (no operator exists yet); the api refuses it once one does.
  if (route === "setup") return <SetupPage />;
  if (me.isPending) return <Loading label="Loading Tollgate…" />;
  if (me.isError) {
    return (
      <main className="page">
        <ErrorState message={errorMessage(me.error)} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  if (!me.data) return <LoginPage />;
  return (
    <>
      <Header user={me.data} />
      <main className="page">
        {route === "account" ? <AccountPage user={me.data} /> : <UsagePage user={me.data} />}
      </main>
    </>
  );
}
