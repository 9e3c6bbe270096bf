/**
 * Builds the citizen video page into `tabs/dist/video`, served at `/video` (assets under
 * `/video/assets/`): what a 113 caller's phone opens from AMK's SMS, and the ambulance crew's
 * page (crew.html, served at `/crew`, same assets). A small bundle of its own
 * (React, livekit-client, the page); the build fails over the budget.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { JOIN_PAGE_BUDGET_GZIP_BYTES, reportBundleSize } from './report-size';

const TABS_DIR = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: TABS_DIR,
  base: '/video/',
  envPrefix: 'SAMROM_TABS_',
  publicDir: false,
  plugins: [react(), reportBundleSize(JOIN_PAGE_BUDGET_GZIP_BYTES, { label: 'Videosidens JS (gzip) / citizen video page JS (gzip)', countAllChunks: true })],
  build: {
    outDir: path.join(TABS_DIR, 'dist', 'video'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // livekit-client is one large module; the gzip budget above is the limit that matters.
    chunkSizeWarningLimit: 1024,
    // The ambulance crew's page (/crew) is built here too and shares the assets under /video/assets.
    rollupOptions: { input: { video: path.join(TABS_DIR, 'video.html'), crew: path.join(TABS_DIR, 'crew.html') } },
  },
});
