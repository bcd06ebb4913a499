// Vite builds the renderer (index.html → dist/renderer) for the web app and the desktop app, and
// serves it with hot reload for `npm run dev`. The dev server also answers /config.json from the
// environment, as the web server of `npm start` does (scripts/web-config.mjs).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { webConfigFromEnv } from './scripts/web-config.mjs';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [
    react(),
    {
      name: 'softphone-runtime-config',
      configureServer(server) {
        server.middlewares.use('/config.json', (_req, res) => {
          res.setHeader('content-type', 'application/json');
          res.setHeader('cache-control', 'no-store');
          res.end(JSON.stringify(webConfigFromEnv(process.env)));
        });
      },
    },
  ],
  build: { outDir: 'dist/renderer', emptyOutDir: true, sourcemap: true, target: 'es2022', chunkSizeWarningLimit: 1024 },
  // 127.0.0.1, not localhost: the IdP accepts loopback redirect URIs on any port (RFC 8252 §7.3).
  server: { host: '127.0.0.1', port: Number(process.env['SOFTPHONE_DEV_PORT'] ?? 4510), strictPort: false },
  preview: { host: '127.0.0.1' },
});
