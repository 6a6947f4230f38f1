/**
 * The api serves the built console, so its CSP is the console's: everything from our own origin and nothing
 * inline. The Vite build emits only external module scripts and stylesheets, and React (recharts too) sets styles
 * through the CSSOM, which style-src does not restrict, so no 'unsafe-inline' is needed.
 */
export function consoleCsp(httpsOnly: boolean): Record<string, string[]> {
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "script-src-attr": ["'none'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    // Over plain HTTP (local use) upgrading would break every request.
    ...(httpsOnly ? { "upgrade-insecure-requests": [] } : {}),
  };
}
