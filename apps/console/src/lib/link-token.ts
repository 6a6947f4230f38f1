/**
 * The one-time token of a link the api made (`/setup#token=…`). It travels in the fragment, which browsers never
 * send to a server, so it stays out of access logs and Referer headers.
 */
export function linkTokenFromHash(hash: string = window.location.hash): string {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? "";
}
