/**
 * The portal's build. `npm run build -w web` writes web/dist, which the backend serves at `/`
 * (backend/src/portal). `npm run dev -w web` serves the sources with the backend's routes proxied to
 * BACKEND_URL (default http://127.0.0.1:4000).
 *
 * The document envelope (X25519 + AES-GCM through Web Crypto) is the backend's own module, imported
 * as `@envelope`, so that the browser and the server cannot drift apart on the format.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const backend = process.env.BACKEND_URL ?? "http://127.0.0.1:4000";
const proxied = ["/graphql", "/rpc", "/documents", "/portal", "/audit"];

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { "@envelope": fileURLToPath(new URL("../backend/src/documents/envelope.ts", import.meta.url)) },
  },
  build: { target: "es2022", sourcemap: false, chunkSizeWarningLimit: 400 },
  server: {
    fs: { allow: [".."] },
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: backend, ws: p === "/graphql" }])),
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
    testTimeout: 20_000,
  },
});
