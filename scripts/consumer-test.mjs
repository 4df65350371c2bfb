#!/usr/bin/env node
/**
 * The package as a user receives it. `npm pack`, then fresh projects outside the repo that install
 * only the tarball and what the README's install section says (plus the user's own test tools),
 * and use it the documented ways. CI runs it after `npm test`; a maintainer runs it before a release:
 *
 *   npm run test:consumer              # --keep leaves the temporary projects for a look
 *
 * New package entry points are picked up from package.json `exports` (imports, require(), types).
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const keep = process.argv.includes('--keep')

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`The consumer test needs Node.js 22.12 or newer (this is ${process.version}); run it with \`npm run test:consumer\`.`)
  process.exit(2)
}

// Children (npm, npx, node, tsc) run on this same Node.js, whatever else is on PATH.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`, npm_config_fund: 'false', npm_config_audit: 'false' }
delete env.NODE_OPTIONS
for (const key of Object.keys(env)) if (key.startsWith('npm_package_') || key === 'npm_lifecycle_event' || key === 'INIT_CWD') delete env[key]

/** Entry points other than package.json, e.g. ['rocketchat-msw', 'rocketchat-msw/node', …]. */
const entries = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`))
/** Entries that need a browser (MSW's service worker): imported by types only. */
const browserOnly = new Set([`${pkg.name}/browser`])
const nodeEntries = entries.filter((entry) => !browserOnly.has(entry))

// ---- a tiny TAP-like runner ------------------------------------------------------------------
let passed = 0
let failed = 0
let skipped = 0
async function check(name, fn) {
  const started = Date.now()
  try {
    const note = await fn()
    if (note === SKIP) {
      skipped++
      console.log(`ok - ${name} # SKIP`)
      return
    }
    passed++
    console.log(`ok - ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${note ? ` — ${note}` : ''}`)
  } catch (error) {
    failed++
    console.log(`not ok - ${name}\n${indent(error instanceof Error ? (error.output ?? error.message) : String(error))}`)
  }
}
const SKIP = Symbol('skip')
const indent = (text) =>
  String(text)
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')
function assert(condition, message) {
  if (!condition) throw new Error(message)
}

/** Run a command; resolves with { code, stdout, stderr }, rejects (with the output) on a non-zero exit unless allowed. */
function run(cmd, args, { cwd, allowFailure = false, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.stdin.end(input ?? '')
    child.on('error', reject)
    child.on('close', (code) => {
      const result = { code, stdout, stderr }
      if (code === 0 || allowFailure) return resolve(result)
      const error = new Error(`${cmd} ${args.join(' ')} exited with ${code}`)
      error.output = `${error.message}\n${stdout}\n${stderr}`
      reject(error)
    })
  })
}

// ---- the tarball ------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'rocketchat-msw-consumer-'))
console.log(`# consumer test of ${pkg.name}@${pkg.version} on Node.js ${process.version}, in ${work}`)
let tarball

await check('npm pack (prepack builds dist)', async () => {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root })
  // The build's own output (prepack) comes first; npm's JSON starts on a line of its own.
  const [info] = JSON.parse(stdout.slice(stdout.search(/^\[$/m)))
  tarball = join(work, info.filename)
  const files = info.files.map((f) => f.path)
  const unexpected = files.filter((f) => !/^(dist\/[^/]+\.(js|d\.ts)|dist\/THIRD_PARTY_LICENSES\.md|package\.json|README\.md|LICENSE)$/.test(f))
  assert(unexpected.length === 0, `files the package does not need: ${unexpected.join(', ')}`)
  for (const f of ['LICENSE', 'README.md', 'dist/index.js', 'dist/cli.js']) assert(files.includes(f), `${f} missing from the tarball`)
  return `${files.length} files, ${(info.size / 1024).toFixed(0)} kB packed`
})
if (!tarball) finish()

const unpacked = join(work, 'unpacked')
mkdirSync(unpacked)
execFileSync('tar', ['-xzf', tarball, '-C', unpacked])

await check('every bare import in dist is a dependency or the msw peer, and every dependency is imported', () => {
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})])
  const used = new Set()
  const dist = join(unpacked, 'package', 'dist')
  for (const file of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(join(dist, file), 'utf8')
    const imports = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g
    for (const match of code.matchAll(imports)) {
      const spec = match[1] ?? match[2] ?? match[3]
      if (spec.startsWith('.') || spec.startsWith('node:')) continue
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]
      assert(declared.has(name), `dist/${file} imports "${spec}", which is not in dependencies or peerDependencies`)
      used.add(name)
    }
  }
  const unused = [...declared].filter((name) => !used.has(name))
  assert(unused.length === 0, `dependencies the built code never imports: ${unused.join(', ')}`)
  return [...used].sort().join(', ')
})

await check('publint --strict on the tarball', async () => {
  const { stdout } = await run('npx', ['--no-install', 'publint', 'run', tarball, '--strict'], { cwd: root })
  assert(/All good!/.test(stdout), stdout)
})

// esm-only: the package ships ES modules only. attw's TypeScript predates require(esm), so its
// "node16 from CJS" column would flag what the CommonJS checks below show working (Node >= 22.12, TS nodenext).
await check('attw (are the types wrong) on the tarball, esm-only profile', async () => {
  await run('npx', ['--no-install', 'attw', tarball, '--profile', 'esm-only', '--format', 'table-flipped'], { cwd: root })
})

// ---- fresh projects ---------------------------------------------------------------------------
const install = readme.match(/^npm i -D (rocketchat-msw(?: [\w@.^/-]+)*)$/m)
await check('README install section names the packages this test installs', () => {
  assert(install, 'no `npm i -D rocketchat-msw …` line in the README')
  assert(install[1] === 'rocketchat-msw msw', `README installs "${install[1]}", the consumer test installs "rocketchat-msw msw"`)
})

/** A project that installed the tarball, msw and `extra` (the user's own tools). */
async function project(name, extra = [], packageJson = {}) {
  const dir = join(work, name)
  mkdirSync(dir)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, ...packageJson }, null, 2))
  const { stderr } = await run('npm', ['install', '--save-dev', '--no-package-lock', tarball, 'msw', ...extra], { cwd: dir })
  // What a user would have to decode: engine mismatches, peer conflicts, blocked install scripts of this package.
  const noise = stderr.split('\n').filter((line) => /EBADENGINE|ERESOLVE|peer dep|rocketchat-msw@/.test(line))
  if (noise.length) throw Object.assign(new Error(`npm install in ${name} printed warnings`), { output: stderr })
  return dir
}

const file = (dir, name, text) => {
  mkdirSync(dirname(join(dir, name)), { recursive: true })
  writeFileSync(join(dir, name), text)
}

let plain
let vitest
let types
await Promise.all([
  check('install: the tarball + msw (nothing else)', async () => void (plain = await project('plain'))),
  check('install: the tarball + msw + vitest', async () => void (vitest = await project('vitest', ['vitest']))),
  check('install: the tarball + msw + typescript + @types/node', async () => void (types = await project('types', ['typescript', '@types/node']))),
])

// ---- Vitest: the README's Node-tests snippet, verbatim -----------------------------------------
await check('Vitest + setupServer(...mock.handlers): the README snippet verbatim', async () => {
  if (!vitest) throw new Error('install failed')
  const snippet = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .find((code) => code.includes("from 'msw/node'") && code.includes('setupServer(...mock.handlers)'))
  assert(snippet, 'no ts block with setupServer(...mock.handlers) in the README')
  file(vitest, 'readme.test.ts', snippet)
  const { stdout } = await run('npx', ['--no-install', 'vitest', 'run', '--reporter=verbose'], { cwd: vitest })
  assert(/1 passed/.test(stdout), stdout)
})

// ---- node:test with rocketchat-msw/node -------------------------------------------------------
await check('node:test with rocketchat-msw/node (startRocketChatServer, installMockFetch, createMockFetch)', async () => {
  if (!plain) throw new Error('install failed')
  file(
    plain,
    'node.test.mjs',
    `import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createMockFetch, createRocketChatMock, installMockFetch, startRocketChatServer } from 'rocketchat-msw/node'

const post = (fetchImpl, auth, body) =>
  fetchImpl('http://localhost:3000/api/v1/chat.postMessage', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-User-Id': auth.userId, 'X-Auth-Token': auth.authToken },
    body: JSON.stringify(body),
  })

test('startRocketChatServer intercepts the global fetch', async () => {
  const { mock, close } = startRocketChatServer({ seed: 42 })
  try {
    const res = await post(fetch, mock.login('demo'), { roomId: 'GENERAL', text: 'hello @alice' })
    assert.equal(res.status, 200)
    const body = await res.json()
    assert.equal(body.success, true)
    assert.equal(body.message.rid, 'GENERAL')
    assert.equal(body.message.mentions[0].username, 'alice')
  } finally {
    close()
  }
})

test('createMockFetch answers without interception, with the server errors', async () => {
  const mock = createRocketChatMock({ seed: 42 })
  const mockFetch = createMockFetch({ handlers: mock.handlers, onUnhandledRequest: 'error' })
  const res = await mockFetch('http://localhost:3000/api/v1/me')
  assert.equal(res.status, 401)
  assert.deepEqual(await res.json(), {
    success: false,
    error: 'You must be logged in to do this.',
    status: 'error',
    message: 'You must be logged in to do this.',
  })
  await assert.rejects(mockFetch('http://localhost:3000/not-the-api'), /fetch failed/)
})

test('installMockFetch replaces and restores the global fetch', async () => {
  const original = globalThis.fetch
  const mock = createRocketChatMock({ seed: 42 })
  const { restore } = installMockFetch({ handlers: mock.handlers })
  try {
    const res = await post(fetch, mock.login('demo'), { roomId: 'GENERAL', text: 'from installMockFetch' })
    assert.equal((await res.json()).message.msg, 'from installMockFetch')
    assert.equal(mock.db.messages.findMany((q) => q.where({ msg: 'from installMockFetch' })).length, 1)
  } finally {
    restore()
  }
  assert.equal(globalThis.fetch, original)
})
`,
  )
  const { stdout } = await run(process.execPath, ['--test', 'node.test.mjs'], { cwd: plain })
  assert(/\bpass 3\b/.test(stdout) && /\bfail 0\b/.test(stdout), stdout)
})

// ---- require() of the ES modules (Node >= 22.12) ---------------------------------------------
await check(`require() of ${nodeEntries.join(', ')} from CommonJS`, async () => {
  if (!plain) throw new Error('install failed')
  file(
    plain,
    'require.cjs',
    `const assert = require('node:assert/strict')
const entries = ${JSON.stringify(nodeEntries)}
for (const entry of entries) assert.equal(typeof require(entry).createRocketChatMock, 'function', entry)
const { createRocketChatMock, createMockFetch } = require('${pkg.name}/node')
const mock = createRocketChatMock({ seed: 42 })
createMockFetch({ handlers: mock.handlers })('http://localhost:3000/api/info')
  .then((res) => res.json())
  .then((info) => {
    assert.equal(info.success, true)
    assert.match(info.version, /^\\d+\\.\\d+/)
    console.log('require ok', entries.length, info.version)
  })
`,
  )
  const { stdout, stderr } = await run(process.execPath, ['require.cjs'], { cwd: plain })
  assert(stdout.includes(`require ok ${nodeEntries.length}`), `${stdout}\n${stderr}`)
  assert(!/ExperimentalWarning/.test(stderr), `require() printed a warning:\n${stderr}`)
})

// ---- the installed bin ------------------------------------------------------------------------
await check('npx rocketchat-msw --help', async () => {
  if (!plain) throw new Error('install failed')
  const { stdout } = await run('npx', ['--no-install', 'rocketchat-msw', '--help'], { cwd: plain })
  assert(stdout.startsWith('Usage: rocketchat-msw serve'), stdout)
  assert(stdout.includes('--port <n>'), stdout)
})

await check('npx rocketchat-msw serve --port 0: listens, answers, stops on SIGTERM', async () => {
  if (!plain) throw new Error('install failed')
  const child = spawn('npx', ['--no-install', 'rocketchat-msw', 'serve', '--port', '0'], { cwd: plain, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })))
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening on" within 60 s:\n${output}`)), 60_000)
      const onData = (chunk) => {
        output += chunk
        const match = output.match(/listening on (http:\/\/\S+)/)
        if (match) {
          clearTimeout(timer)
          resolve(match[1])
        }
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', (chunk) => (output += chunk))
      exited.then(() => reject(new Error(`exited before listening:\n${output}`)))
    })
    const res = await fetch(`${url}/api/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'demo', password: 'demo' }),
    })
    const body = await res.json()
    assert(res.status === 200 && body.status === 'success' && typeof body.data.authToken === 'string', JSON.stringify(body))
    // The README's curl example (login, keep the token, read a channel), pointed at this server.
    const curlBlock = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).find((code) => code.includes('LOGIN=$(curl'))
    assert(curlBlock, 'no curl example with LOGIN=$(curl … in the README')
    let curlNote = 'curl not installed: README curl example not run'
    if (findOnPath('curl')) {
      const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', curlBlock.replaceAll('http://127.0.0.1:3100', url)], { cwd: plain })
      const history = JSON.parse(stdout)
      assert(history.success === true && history.messages?.length === 2, `README curl example printed:\n${stdout}`)
      curlNote = 'README curl example: 2 messages'
    }
    child.kill('SIGTERM')
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 10_000))
    assert((await Promise.race([exited, timeout])) !== 'timeout', 'still running 10 s after SIGTERM to npx')
    const stillUp = await fetch(`${url}/api/info`).then(
      () => true,
      () => false,
    )
    assert(!stillUp, `${url} still answers after SIGTERM to npx`)
    return `${url}; ${curlNote}`
  } finally {
    child.kill('SIGKILL')
  }
})

// ---- TypeScript: ESM and CommonJS projects, nodenext and bundler ------------------------------
const typeUsage = `import { createRocketChatMock, type Message } from '${pkg.name}'
import { setupServer } from 'msw/node'
${entries.map((entry, i) => `import * as entry${i} from '${entry}'`).join('\n')}

const mock = createRocketChatMock({ seed: 42 })
const server = setupServer(...mock.handlers)
server.listen()
// The object form of @msw/data queries on the mock's collections.
const general: Message[] = mock.db.messages.findMany((q) => q.where({ rid: 'GENERAL' }))
const alice = mock.db.users.findFirst((q) => q.where({ username: 'alice' }))
const byDemo = mock.db.messages.findMany((q) => q.where({ u: { username: 'demo' } }))
const name: string | undefined = alice?.username
// @ts-expect-error a wrong value type is still an error
mock.db.messages.findMany((q) => q.where({ rid: 1 }))
export const used = [general.length, byDemo.length, name, ${entries.map((_, i) => `entry${i}`).join(', ')}]
server.close()
`
const typeProjects = {
  'esm-nodenext': { type: 'module', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
  'cjs-nodenext': { type: 'commonjs', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', verbatimModuleSyntax: false } },
  'esm-bundler': { type: 'module', compilerOptions: { module: 'preserve', moduleResolution: 'bundler' } },
}
for (const [name, { type, compilerOptions }] of Object.entries(typeProjects)) {
  await check(`tsc --noEmit, ${type} project, moduleResolution ${compilerOptions.moduleResolution}`, async () => {
    if (!types) throw new Error('install failed')
    const dir = join(types, name)
    file(dir, 'package.json', JSON.stringify({ name: `types-${name}`, private: true, type }))
    file(
      dir,
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: { target: 'es2023', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], ...compilerOptions },
        include: ['index.ts'],
      }),
    )
    file(dir, 'index.ts', typeUsage)
    await run(process.execPath, [join(types, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir })
  })
}

// ---- too old: one sentence, not a stack trace --------------------------------------------------
await check('msw 2 (forced past the peer range): one sentence naming msw 3', async () => {
  const dir = join(work, 'msw2')
  mkdirSync(dir)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer-msw2', private: true }))
  await run('npm', ['install', '--save-dev', '--no-package-lock', '--legacy-peer-deps', tarball, 'msw@2'], { cwd: dir })
  for (const entry of nodeEntries) {
    const { code, stderr } = await run(process.execPath, ['--input-type=module', '-e', `await import('${entry}')`], { cwd: dir, allowFailure: true })
    assert(code !== 0 && stderr.includes('rocketchat-msw needs msw 3, and the installed msw is older: run `npm i -D msw@3`.'), `${entry}:\n${stderr}`)
    assert(!/\n\s+at /.test(stderr), `${entry} printed a stack trace:\n${stderr}`)
  }
})

await check('an older Node.js on PATH: one sentence naming Node.js 22.12', async () => {
  if (!plain) throw new Error('install failed')
  const old = findOldNode()
  if (!old) return SKIP
  const { code, stderr } = await run(old.path, ['--input-type=module', '-e', `await import('${pkg.name}')`], { cwd: plain, allowFailure: true })
  assert(code !== 0 && stderr.includes(`rocketchat-msw needs Node.js 22.12 or newer, and this is Node.js ${old.version}.`), stderr)
  assert(!/\n\s+at /.test(stderr), `a stack trace:\n${stderr}`)
  return `${old.path} (${old.version})`
})

function findOnPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)))
}

/** The first `node` on the original PATH older than 22.12 (a system Node.js beside the repo's), if any. */
function findOldNode() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node')
    if (!dir || dir.includes('node_modules') || !existsSync(candidate)) continue
    try {
      const version = execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()
      const [maj, min] = version.split('.').map(Number)
      if (maj < 22 || (maj === 22 && min < 12)) return { path: candidate, version }
    } catch {}
  }
  return undefined
}

finish()

function finish() {
  if (keep) console.log(`# kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  process.exit(failed ? 1 : 0)
}
