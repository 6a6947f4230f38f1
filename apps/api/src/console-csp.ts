/**
 * The api serves the built console, so its CSP is the console's: everything from our own origin, no inline script
 * and no inline style attribute. The Vite build emits only external module scripts and stylesheets, and React
 * (recharts too) sets styles through the CSSOM, which CSP does not restrict. The one exception is `<style>`
 * elements (style-src-elem): Radix's primitives add them at run time (the scroll area's scrollbar rule, the body
 * scroll lock of dialogs and menus, whose content varies, so no hash can list them). Style elements cannot run code;
 * scripts stay strictly 'self'.
 */
export function consoleCsp(httpsOnly: boolean): Record<string, string[]> {
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "script-src-attr": ["'none'"],
    "style-src": ["'self'"],
    "style-src-elem": ["'self'", "'unsafe-inline'"],
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
