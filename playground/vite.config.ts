import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { msw } from 'msw/vite'

const root = fileURLToPath(new URL('.', import.meta.url))
const repo = fileURLToPath(new URL('..', import.meta.url))

/**
 * The playground: a small Rocket.Chat-like client on the mock, in the browser.
 *
 * - `msw()` serves `mockServiceWorker.js` (from the installed msw, never a stale copy) in dev and
 *   emits it next to the bundle in the build; `virtual:msw` gives the page its network.
 * - `base: './'`: the built site works from any static server, at any path.
 * - `rocketchat-msw` resolves to the sources, so the demo always runs the working tree.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [msw()],
  resolve: {
    alias: [{ find: /^rocketchat-msw$/, replacement: `${repo}src/index.ts` }],
  },
  server: { port: 5173, fs: { allow: [repo] } },
  // Pre-bundle what `virtual:msw` imports, so the first visit does not reload mid-start.
  optimizeDeps: { include: ['msw', 'msw/browser', 'msw/experimental'] },
  preview: { port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2023',
    chunkSizeWarningLimit: 4096,
    sourcemap: true,
  },
})
