import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.CLOSEWATCH_API_URL ?? 'http://localhost:3000';

/**
 * The dashboard. `vite build apps/web` writes apps/web/dist, which the API serves on its own
 * port; `vite apps/web` serves it with hot reload and proxies the API, OTLP and socket.io to a
 * running API (CLOSEWATCH_API_URL, default http://localhost:3000).
 */
export default defineConfig({
  root,
  plugins: [react()],
  resolve: {
    alias: [{ find: /^@closewatch\/contracts\/(.*)$/, replacement: `${root}../../libs/contracts/src/$1` }],
  },
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 500,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': api,
      '/v1': api,
      '/socket.io': { target: api, ws: true },
    },
  },
});
