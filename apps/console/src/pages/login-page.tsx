import { useState, type ReactNode, type SubmitEvent } from "react";
import { useLogin } from "../lib/session.ts";
import { errorMessage } from "../lib/error-message.ts";

export function LoginPage(): ReactNode {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useLogin();

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    login.mutate({ email, password });
  };

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-large">Tollgate</div>
        <h1 id="login-title">Sign in</h1>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
            }}
            data-testid="login-email"
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
            }}
            data-testid="login-password"
          />
        </label>
        {login.isError && (
          <p className="form-error" role="alert" data-testid="login-error">
            {errorMessage(login.error)}
          </p>
        )}
        <button type="submit" disabled={login.isPending} data-testid="login-submit">
          {login.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
