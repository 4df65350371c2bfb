import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { msw } from 'msw/vite'
import react from '@vitejs/plugin-react'
import optimizeLocales from '@react-aria/optimize-locales-plugin'

const root = fileURLToPath(new URL('.', import.meta.url))
const repo = fileURLToPath(new URL('..', import.meta.url))

/**
 * The playground: a Rocket.Chat client (React + Fuselage) on the mock, in the browser.
 *
 * - `msw()` serves `mockServiceWorker.js` (from the installed msw, never a stale copy) in dev and
 *   emits it next to the bundle in the build; `virtual:msw` gives the page its network.
 * - `base: './'`: the built site works from any static server, at any path.
 * - `rocketchat-msw` resolves to the sources, so the demo always runs the working tree.
 */
export default defineConfig({
  root,
  base: './',
  // React Aria (under Fuselage) ships strings for ~30 locales; the playground speaks English.
  plugins: [react(), msw(), { ...optimizeLocales.vite({ locales: ['en-US'] }), enforce: 'pre' }],
  resolve: {
    alias: [{ find: /^rocketchat-msw$/, replacement: `${repo}src/index.ts` }],
  },
  server: { port: 5173, fs: { allow: [repo] } },
  // Pre-bundle what `virtual:msw` imports, so the first visit does not reload mid-start.
  optimizeDeps: { include: ['msw', 'msw/browser', 'msw/experimental', '@rocket.chat/ddp-client', '@rocket.chat/fuselage', 'react', 'react-dom/client'] },
  preview: { port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2023',
    chunkSizeWarningLimit: 4096,
    sourcemap: true,
  },
})
