/**
 * Which IP addresses a webhook may not be sent to (SSRF): anything that is not a public unicast address. Pure
 * parsing, so the API (at create and update) and the worker (on every address DNS returns, at delivery) apply the
 * same rule.
 */

/** Why an address is refused: a short phrase for error messages ("127.0.0.1 is a loopback address"). */
export type BlockedAddressKind =
  "loopback" | "private" | "link-local" | "unspecified" | "shared (carrier-grade NAT)" | "multicast" | "reserved";

interface Range {
  /** The network as bits, most significant first, of `bits` length (32 for IPv4, 128 for IPv6). */
  base: bigint;
  prefix: number;
  kind: BlockedAddressKind;
}

const v4 = (text: string, prefix: number, kind: BlockedAddressKind): Range => ({
  base: parseIPv4(text) ?? 0n,
  prefix,
  kind,
});
const v6 = (text: string, prefix: number, kind: BlockedAddressKind): Range => ({
  ...v4("0.0.0.0", prefix, kind),
  base: parseIPv6(text) ?? 0n,
});

const IPV4_BLOCKED: readonly Range[] = [
  v4("0.0.0.0", 8, "unspecified"),
  v4("10.0.0.0", 8, "private"),
  v4("100.64.0.0", 10, "shared (carrier-grade NAT)"),
  v4("127.0.0.0", 8, "loopback"),
  // 169.254.169.254 (cloud metadata) is in here.
  v4("169.254.0.0", 16, "link-local"),
  v4("172.16.0.0", 12, "private"),
  v4("192.0.0.0", 24, "reserved"),
  v4("192.168.0.0", 16, "private"),
  v4("198.18.0.0", 15, "reserved"),
  v4("224.0.0.0", 4, "multicast"),
  v4("240.0.0.0", 4, "reserved"),
];

const IPV6_BLOCKED: readonly Range[] = [
  v6("::", 128, "unspecified"),
  v6("::1", 128, "loopback"),
  v6("fc00::", 7, "private"),
  v6("fe80::", 10, "link-local"),
  v6("fec0::", 10, "reserved"),
  v6("ff00::", 8, "multicast"),
  v6("100::", 64, "reserved"),
];

/** IPv4 inside IPv6: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and the deprecated compatible (::a.b.c.d). */
const EMBEDDING_V4: readonly { base: bigint; prefix: number }[] = [
  { base: parseIPv6("::ffff:0:0") ?? 0n, prefix: 96 },
  { base: parseIPv6("64:ff9b::") ?? 0n, prefix: 96 },
  { base: 0n, prefix: 96 },
];

/**
 * The reason `address` (an IPv4 or IPv6 literal, brackets and zone allowed) may not receive webhooks, or null when
 * it is a public address. Text that is not an IP address is refused as "reserved": callers pass resolved addresses.
 */
export function blockedAddressKind(address: string): BlockedAddressKind | null {
  const text = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const ipv4 = parseIPv4(text);
  if (ipv4 !== null) return matchRange(ipv4, 32, IPV4_BLOCKED);
  const ipv6 = parseIPv6(text);
  if (ipv6 === null) return "reserved";
  for (const embedding of EMBEDDING_V4) {
    // ::/96 also holds :: and ::1, classified below as themselves.
    if (inRange(ipv6, 128, embedding.base, embedding.prefix) && ipv6 > 1n) {
      return matchRange(ipv6 & 0xffff_ffffn, 32, IPV4_BLOCKED);
    }
  }
  return matchRange(ipv6, 128, IPV6_BLOCKED);
}

function matchRange(value: bigint, bits: number, ranges: readonly Range[]): BlockedAddressKind | null {
  return ranges.find((range) => inRange(value, bits, range.base, range.prefix))?.kind ?? null;
}

function inRange(value: bigint, bits: number, base: bigint, prefix: number): boolean {
  const shift = BigInt(bits - prefix);
  return value >> shift === base >> shift;
}

/** A dotted-quad IPv4 address as a 32-bit number, or null. */
export function parseIPv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

/** An IPv6 address (with `::` and an optional trailing dotted quad) as a 128-bit number, or null. */
export function parseIPv6(text: string): bigint | null {
  if (!text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (half: string | undefined): number[] | null => {
    if (half === undefined || half === "") return [];
    const groups: number[] = [];
    const parts = half.split(":");
    for (const [index, part] of parts.entries()) {
      if (index === parts.length - 1 && part.includes(".")) {
        const ipv4 = parseIPv4(part);
        if (ipv4 === null) return null;
        groups.push(Number(ipv4 >> 16n), Number(ipv4 & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
        groups.push(parseInt(part, 16));
      } else {
        return null;
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}
