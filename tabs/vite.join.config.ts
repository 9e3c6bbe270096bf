/**
 * Builds the guest join page into `tabs/dist/join`, served by the server at `/join` (assets
 * under `/join/assets/`). A bundle of its own, so guests on a phone download only what the
 * page needs; the build fails when its JavaScript goes over the budget.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { JOIN_PAGE_BUDGET_GZIP_BYTES, reportBundleSize } from './report-size';

const TABS_DIR = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: TABS_DIR,
  base: '/join/',
  envPrefix: 'SAMROM_TABS_',
  publicDir: false,
  plugins: [react(), reportBundleSize(JOIN_PAGE_BUDGET_GZIP_BYTES, { label: 'Møtesidens JS (gzip) / join page JS (gzip)', countAllChunks: true })],
  build: {
    outDir: path.join(TABS_DIR, 'dist', 'join'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // livekit-client is one large module; the gzip budget above is the limit that matters.
    chunkSizeWarningLimit: 1024,
    rollupOptions: { input: path.join(TABS_DIR, 'join.html') },
  },
});
