import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))
const repo = fileURLToPath(new URL('../../..', import.meta.url))

/** The realtime e2e page: the mock in a service worker and @rocket.chat/ddp-client, bundled. */
export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  server: { fs: { allow: [repo] } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2023', chunkSizeWarningLimit: 4096 },
})
