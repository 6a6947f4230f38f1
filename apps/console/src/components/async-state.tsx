import type { ReactNode } from "react";

export function Loading({ label }: { label: string }): ReactNode {
  return (
    <div className="state state-loading" role="status" aria-live="polite" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }): ReactNode {
  return (
    <div className="state state-error" role="alert" data-testid="error">
      <strong>Something went wrong.</strong> {message}
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }): ReactNode {
  return (
    <div className="state state-empty" data-testid="empty">
      <strong>{title}</strong>
      {children && <div>{children}</div>}
    </div>
  );
}
