/**
 * Builds the Teams tab shell into `tabs/dist`, served by the server under `/app/`.
 * `npm run dev:tabs` serves it with hot reload and proxies the API to a running Samrom.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { reportBundleSize } from './report-size';

const TABS_DIR = path.dirname(fileURLToPath(import.meta.url));
/** Where `npm start` runs Samrom; override with SAMROM_URL when it runs elsewhere. */
const SAMROM_URL = process.env.SAMROM_URL ?? 'http://localhost:3978';

export default defineConfig({
  root: TABS_DIR,
  base: '/app/',
  // The tabs need no environment at build time; the server hands the client its config.
  envPrefix: 'SAMROM_TABS_',
  plugins: [react(), reportBundleSize()],
  build: {
    outDir: path.join(TABS_DIR, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': SAMROM_URL,
      '/app/config.json': SAMROM_URL,
    },
  },
});
