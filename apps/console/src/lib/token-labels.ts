import type { TokenType } from "@tollgate/domain";

export const TOKEN_LABELS: Record<TokenType, string> = {
  input: "Input",
  cached_input: "Cached input",
  cache_write: "Cache write",
  output: "Output",
  reasoning: "Reasoning",
};

/** Colour-blind-safe palette (Okabe–Ito), one colour per token type everywhere in the console. */
export const TOKEN_COLORS: Record<TokenType, string> = {
  input: "#0072B2",
  cached_input: "#56B4E9",
  cache_write: "#009E73",
  output: "#E69F00",
  reasoning: "#CC79A7",
};
