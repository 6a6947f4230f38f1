import { Theme } from "@radix-ui/themes";
import type { ReactNode } from "react";

/** Radix Themes (accessible components, one look): the console's whole palette and radius are chosen here. */
export function ThemeRoot({ children }: { children: ReactNode }): ReactNode {
  return (
    <Theme accentColor="indigo" grayColor="slate" radius="medium" scaling="100%">
      {children}
    </Theme>
  );
}
