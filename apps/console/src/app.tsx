import type { ReactNode } from "react";
import { ErrorState, Loading } from "./components/async-state.tsx";
import { Header } from "./components/header.tsx";
import { useSessionUser } from "./lib/session.ts";
import { errorMessage } from "./lib/trpc.ts";
import { LoginPage } from "./pages/login-page.tsx";
import { UsagePage } from "./pages/usage-page.tsx";

export function App(): ReactNode {
  const me = useSessionUser();
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
        <UsagePage user={me.data} />
      </main>
    </>
  );
}
