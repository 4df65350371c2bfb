import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { defineConfig } from 'tsdown'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>
  peerDependencies: Record<string, string>
}
// What a consumer installs stays external (dependencies, the msw peer). The few devDependencies in
// `bundled` are copied into dist instead: emojibase-data is 49 MB for the one 220 kB JSON file the
// mock reads, and @rocket.chat/message-parser's engines field pins one exact Node.js patch release,
// which would print an EBADENGINE warning on every user's install (see decisions/0003).
const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)].map(
  (name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/|$)`),
)

/** Code from these packages is copied into dist (all MIT); their notices ship beside it. */
const bundled = ['emojibase-data', '@rocket.chat/message-parser']

function writeThirdPartyLicenses(): void {
  const sections = bundled.map((name) => {
    const dir = new URL(`./node_modules/${name}/`, import.meta.url)
    const meta = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { version: string; license: string; author?: string | { name: string } }
    const file = new URL('LICENSE', dir)
    const author = typeof meta.author === 'string' ? meta.author : meta.author?.name
    // @rocket.chat/message-parser publishes no LICENSE file, only its license field.
    const text = existsSync(file) ? readFileSync(file, 'utf8').trim() : `${meta.license} License, Copyright (c) ${author ?? name}`
    return `## ${name}@${meta.version} (${meta.license})\n\n${text}\n`
  })
  writeFileSync(new URL('./dist/THIRD_PARTY_LICENSES.md', import.meta.url), `# Third-party code bundled into this package\n\n${sections.join('\n')}`)
}

export default defineConfig({
  // requirements.ts is an entry of its own so that it stays a separate file, imported (and so
  // evaluated) before msw and everything else; inside a shared chunk it would run after them.
  entry: ['src/index.ts', 'src/node.ts', 'src/browser.ts', 'src/cli.ts', 'src/requirements.ts', 'src/admin-client.ts'],
  format: 'esm',
  platform: 'neutral',
  target: 'es2023',
  dts: true,
  clean: true,
  // The published code is plain unminified ESM; maps would point at sources the package does not ship.
  sourcemap: false,
  deps: { neverBundle: [...external, /^node:/], onlyBundle: bundled },
  onSuccess: writeThirdPartyLicenses,
  // rolldown's note that the type bundler is slow is not actionable here, and it lands in npm pack's output.
  inputOptions: { checks: { pluginTimings: false } },
})
