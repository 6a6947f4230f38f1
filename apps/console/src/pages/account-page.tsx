import { useState, type ReactNode, type SubmitEvent } from "react";
import { PasswordField } from "../components/password-field.tsx";
import { useChangePassword } from "../lib/account.ts";
import { errorMessage } from "../lib/error-message.ts";
import type { SessionUser } from "../lib/router-types.ts";

const MIN_PASSWORD = 12;

/** `/account`: the signed-in user changes their password; their other sessions are signed out. */
export function AccountPage({ user }: { user: SessionUser }): ReactNode {
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const change = useChangePassword();

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setMismatch(newPassword !== confirm);
    if (newPassword !== confirm) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword("");
          setNewPassword("");
          setConfirm("");
        },
      },
    );
  };

  return (
    <section className="stack">
      <a href="/" className="back-link muted" data-testid="back-to-usage">
        ← Usage
      </a>
      <h1>Account</h1>
      <p className="muted">
        {user.name} · {user.email}
      </p>
      <form className="card login-card" onSubmit={submit} aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <input type="email" autoComplete="username" value={user.email} readOnly hidden />
        <PasswordField
          label="Current password"
          value={currentPassword}
          onChange={setCurrentPassword}
          autoComplete="current-password"
          testId="account-current-password"
        />
        <PasswordField
          label={`New password (at least ${MIN_PASSWORD.toString()} characters)`}
          value={newPassword}
          onChange={setNewPassword}
          autoComplete="new-password"
          minLength={MIN_PASSWORD}
          testId="account-new-password"
        />
        <PasswordField
          label="Repeat the new password"
          value={confirm}
          onChange={setConfirm}
          autoComplete="new-password"
          minLength={MIN_PASSWORD}
          testId="account-confirm-password"
        />
        {mismatch && (
          <p className="form-error" role="alert">
            The new passwords differ.
          </p>
        )}
        {change.isError && (
          <p className="form-error" role="alert" data-testid="account-error">
            {errorMessage(change.error)}
          </p>
        )}
        {change.isSuccess && (
          <p role="status" data-testid="account-changed">
            Password changed. Your other sessions were signed out ({change.data.sessionsEnded.toString()}).
          </p>
        )}
        <button type="submit" disabled={change.isPending} data-testid="account-submit">
          {change.isPending ? "Changing…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
