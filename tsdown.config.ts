import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts', 'src/browser.ts', 'src/cli.ts', 'src/admin-client.ts'],
  format: 'esm',
  platform: 'neutral',
  target: 'es2023',
  dts: true,
  clean: true,
  sourcemap: true,
  // msw is a peer dependency; runtime dependencies stay external too (installed with the package).
  deps: { neverBundle: [/^msw/, /^node:/, '@faker-js/faker', '@msw/data', '@rocket.chat/message-parser', 'mingo', 'zod', 'rettime', /^@noble\/hashes/, 'image-size', 'mrmime'] },
})
