import type { ReactNode } from "react";

/** A labelled password input, as the sign-in form has them. */
export function PasswordField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: "current-password" | "new-password";
  minLength?: number;
  testId: string;
}): ReactNode {
  return (
    <label>
      {props.label}
      <input
        type="password"
        autoComplete={props.autoComplete}
        required
        minLength={props.minLength}
        value={props.value}
        onChange={(e) => {
          props.onChange(e.target.value);
        }}
        data-testid={props.testId}
      />
    </label>
  );
}
