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
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 1200 },
});
