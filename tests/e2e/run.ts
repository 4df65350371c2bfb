/**
 * End-to-end run of the BUILT playground in a real, headless Chromium (playwright-core).
 *
 *   npm run test:e2e            # builds playground/dist, then runs this
 *   CHROMIUM_PATH=/path/to/chrome npm run test:e2e
 *
 * Serves playground/dist from a plain node:http static server on loopback, opens it in a fresh
 * browser profile (a temporary user-data dir), plays the scenario in playground.e2e.ts and prints
 * the budgets (initial JS gzipped, first render of GENERAL, scroll frame rate). The README's
 * docs/playground.png is written only with `--screenshot` (`npm run screenshot`), so a test run
 * never changes a tracked file. On failure: a screenshot in test-results/ and exit code 1.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { playgroundScenario } from './playground.e2e.js'
import { CHROMIUM_ARGS, findChromium } from './chromium.js'
import { serveStatic } from './static-server.js'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const dist = join(repo, 'playground/dist')
const screenshot = process.argv.includes('--screenshot') ? join(repo, 'docs/playground.png') : undefined
const failures = join(repo, 'test-results')
const executablePath = findChromium()
const OVERALL_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 240_000)

export interface Budget {
  name: string
  value: number
  unit: string
  limit: number
  better: 'lower' | 'higher'
}
const budgets: Budget[] = []

async function main(): Promise<number> {
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'mockServiceWorker.js'))) {
    console.error(`No built playground in ${dist} (index.html and mockServiceWorker.js): run \`npm run playground:build\` (npm run test:e2e does).`)
    return 1
  }
  if (!existsSync(executablePath)) {
    console.error(`No Chromium at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`)
    return 1
  }

  const js = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'))
  const gzipKb = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, 'assets', f))).length, 0) / 1024
  budgets.push({ name: 'initial JS (gzip)', value: gzipKb, unit: 'KB', limit: 700, better: 'lower' })

  const server = await serveStatic(dist)
  const profile = mkdtempSync(join(tmpdir(), 'rocketchat-msw-e2e-'))
  let context: BrowserContext | undefined
  const consoleMessages: Array<{ type: string; text: string }> = []
  const pageErrors: string[] = []
  const results: Array<{ name: string; ok: boolean; ms: number; error?: string }> = []
  const started = Date.now()
  console.log(`e2e: serving ${dist} at ${server.url}; chromium ${executablePath}`)

  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: CHROMIUM_ARGS,
    })
    context.setDefaultTimeout(15_000)
    const ctx = context
    const watch = (page: Page) => {
      page.on('console', (m) => {
        consoleMessages.push({ type: m.type(), text: m.text() })
        if (m.type() === 'error' || (m.type() === 'warning' && !m.text().includes('no.such.endpoint'))) console.log(`    [console.${m.type()}] ${m.text()}`)
      })
      page.on('pageerror', (error) => {
        pageErrors.push(error.stack ?? error.message)
        console.log(`    [pageerror] ${error.message}`)
      })
    }
    const step = async (name: string, run: () => Promise<void>) => {
      const t0 = Date.now()
      try {
        await run()
        results.push({ name, ok: true, ms: Date.now() - t0 })
        console.log(`  ✓ ${name} (${Date.now() - t0} ms)`)
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        results.push({ name, ok: false, ms: Date.now() - t0, error: message })
        console.log(`  ✗ ${name}\n      ${message.split('\n').join('\n      ')}`)
        mkdirSync(failures, { recursive: true })
        for (const [i, page] of ctx.pages().entries()) {
          await page.screenshot({ path: join(failures, `failure-tab${i + 1}.png`) }).catch(() => undefined)
          const state = await page
            .evaluate(() => JSON.stringify((window as unknown as { playground?: { runtime: { status(): unknown } } }).playground?.runtime.status()))
            .catch((e: unknown) => String(e))
          console.log(`      tab ${i + 1}: ${page.url()} persistence ${state}`)
        }
        throw error
      }
    }
    await withTimeout(
      playgroundScenario({ context, url: server.url, screenshot, step, watch, consoleMessages, budget: (b) => budgets.push(b) }),
      OVERALL_TIMEOUT_MS,
    )
  } catch (error) {
    if (!results.some((r) => !r.ok)) console.log(`  ✗ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  } finally {
    await context?.close().catch(() => undefined)
    await server.close()
    rmSync(profile, { recursive: true, force: true })
  }

  const failed = results.filter((r) => !r.ok).length
  // Console errors fail the run too, except the browser's own line for a response the scenario
  // made fail on purpose (an injected 500).
  const consoleErrors = consoleMessages.filter((m) => m.type === 'error' && !m.text.startsWith('Failed to load resource'))
  if (consoleErrors.length) console.log(`\n  console errors:\n    ${consoleErrors.map((m) => m.text).join('\n    ')}`)
  const ok = results.length > 0 && failed === 0 && !results.some((r) => !r.ok) && pageErrors.length === 0 && consoleErrors.length === 0
  if (pageErrors.length) console.log(`\n  uncaught errors in the page:\n    ${pageErrors.join('\n    ')}`)
  console.log(
    `\ne2e: ${results.filter((r) => r.ok).length} passed, ${failed} failed, ${pageErrors.length} page errors in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
  console.log('\ne2e budgets:')
  for (const b of budgets) {
    const within = b.better === 'lower' ? b.value <= b.limit : b.value >= b.limit
    console.log(
      `  ${within ? '✓' : '✗'} ${b.name}: ${b.value.toFixed(b.unit === 'fps' ? 1 : 0)} ${b.unit} (budget ${b.better === 'lower' ? '≤' : '≥'} ${b.limit} ${b.unit})`,
    )
  }
  if (ok && screenshot) console.log(`e2e: screenshot ${screenshot}`)
  else if (failed) console.log(`e2e: failure screenshots in ${failures}`)
  return ok ? 0 : 1
}

/** `/usr/bin/chromium` (Debian), else the first `chromium` / `chromium-browser` on the PATH. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`e2e run exceeded ${ms / 1000} s`)), ms))),
  ]).finally(() => clearTimeout(timer))
}

process.exitCode = await main()
