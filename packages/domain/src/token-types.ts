/** The five additive token types: none is a subset of another. */
export const TOKEN_TYPES = ["input", "cached_input", "cache_write", "output", "reasoning"] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** Token counts per type. bigint because monthly sums exceed 2^53. */
export type TokenCounts = Record<TokenType, bigint>;

export function zeroTokenCounts(): TokenCounts {
  return { input: 0n, cached_input: 0n, cache_write: 0n, output: 0n, reasoning: 0n };
}

export function totalTokens(counts: TokenCounts): bigint {
  return TOKEN_TYPES.reduce((sum, type) => sum + counts[type], 0n);
}

export function isTokenType(value: string): value is TokenType {
  return (TOKEN_TYPES as readonly string[]).includes(value);
}
