import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` proxies the API so the console and the session cookie share one origin, as in production
// (where apps/api serves the built files). API_URL points the proxy elsewhere.
const apiUrl = process.env.API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { "/trpc": apiUrl, "/v1": apiUrl, "/openapi.json": apiUrl },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    // React, the router, query and table libraries together; measured 570 kB (180 kB gzipped).
    chunkSizeWarningLimit: 700,
    // Libraries in their own files: they change less often than the console, so browsers keep them cached.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "charts", test: /node_modules[\\/](recharts|d3-|victory-vendor)/ },
            { name: "radix", test: /node_modules[\\/](@radix-ui|radix-ui)/ },
            { name: "vendor", test: /node_modules/ },
          ],
        },
      },
    },
  },
});
