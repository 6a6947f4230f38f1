import { useState, type ReactNode, type SubmitEvent } from "react";
import { PasswordField } from "../components/password-field.tsx";
import { useSetup } from "../lib/account.ts";
import { setupTokenFromHash } from "../lib/route.ts";
import { errorMessage } from "../lib/error-message.ts";

const MIN_PASSWORD = 12;

/** `/setup#token=…`: creates the first operator with the one-time link the api printed, then signs in. */
export function SetupPage(): ReactNode {
  const [token] = useState(() => setupTokenFromHash());
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const setup = useSetup();

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setMismatch(password !== confirm);
    if (password === confirm) setup.mutate({ token, name, email, password });
  };

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="setup-title">
        <div className="brand brand-large">Tollgate</div>
        <h1 id="setup-title">Create the first operator</h1>
        {token === "" ? (
          <p className="form-error" role="alert" data-testid="setup-no-token">
            This page needs the one-time setup link the api printed at start (…/setup#token=…).
          </p>
        ) : (
          <>
            <label>
              Name
              <input
                required
                autoComplete="name"
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                }}
                data-testid="setup-name"
              />
            </label>
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
                data-testid="setup-email"
              />
            </label>
            <PasswordField
              label={`Password (at least ${MIN_PASSWORD.toString()} characters)`}
              value={password}
              onChange={setPassword}
              autoComplete="new-password"
              minLength={MIN_PASSWORD}
              testId="setup-password"
            />
            <PasswordField
              label="Repeat the password"
              value={confirm}
              onChange={setConfirm}
              autoComplete="new-password"
              minLength={MIN_PASSWORD}
              testId="setup-confirm"
            />
            {mismatch && (
              <p className="form-error" role="alert">
                The passwords differ.
              </p>
            )}
            {setup.isError && (
              <p className="form-error" role="alert" data-testid="setup-error">
                {errorMessage(setup.error)}
              </p>
            )}
            <button type="submit" disabled={setup.isPending} data-testid="setup-submit">
              {setup.isPending ? "Creating…" : "Create operator and sign in"}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
