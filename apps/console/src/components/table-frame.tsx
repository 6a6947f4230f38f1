import { useEffect, useRef, type ReactNode } from "react";

/**
 * Holds a Radix table. The table scrolls sideways inside its own viewport on narrow screens; that viewport gets
 * keyboard focus and a name here (Radix leaves it unfocusable), so keyboard users can scroll it too (axe's
 * scrollable-region-focusable).
 */
export function TableFrame({ label, children }: { label: string; children: ReactNode }): ReactNode {
  const frame = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const viewport = frame.current?.querySelector<HTMLElement>(".rt-ScrollAreaViewport");
    if (!viewport) return;
    viewport.tabIndex = 0;
    viewport.setAttribute("role", "region");
    viewport.setAttribute("aria-label", label);
  }, [label]);
  return (
    <div ref={frame} className="table-scroll">
      {children}
    </div>
  );
}
