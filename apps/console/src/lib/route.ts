/** The console's few pages, by path; links are plain anchors (a full load), so no router is needed. */
export type Route = "setup" | "account" | "usage";

export function currentRoute(pathname: string = window.location.pathname): Route {
  if (pathname === "/setup") return "setup";
  if (pathname === "/account") return "account";
  return "usage";
}

/**
 * The setup token from the link the api printed (`/setup#token=…`). It travels in the fragment, which browsers never
 * send to a server, so it stays out of access logs and Referer headers.
 */
export function setupTokenFromHash(hash: string = window.location.hash): string {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? "";
}
