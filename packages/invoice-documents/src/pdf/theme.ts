/** Page geometry, fonts and colours of the invoice PDF (A4, points). */
export const PAGE = {
  size: "A4",
  width: 595.28,
  height: 841.89,
  left: 50,
  right: 545.28,
  top: 50,
  /** Content never goes below this line; the footer sits under it. */
  contentBottom: 770,
  footerY: 800,
} as const;

export const CONTENT_WIDTH = PAGE.right - PAGE.left;

export const FONT = { regular: "Helvetica", bold: "Helvetica-Bold" } as const;

export const COLOR = {
  text: "#111827",
  muted: "#6b7280",
  rule: "#e5e7eb",
  strongRule: "#9ca3af",
  draft: "#b45309",
  void: "#b91c1c",
  paid: "#047857",
} as const;

export const SIZE = { title: 22, lead: 13, body: 9, small: 7.5, label: 8 } as const;
