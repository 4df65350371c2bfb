/**
 * Realtime in a real browser: the mock runs in MSW's service worker (`setupWorker(...mock.handlers)`)
 * and Rocket.Chat's own DDP client (`@rocket.chat/ddp-client`) runs in the page, headless Chromium.
 * bob's REST post, edit, reaction and deletion must reach alice's stream subscription.
 *
 *   npm run test:e2e           (builds the page with Vite, then runs this after the playground e2e)
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { chromium } from 'playwright-core'
import { build } from 'vite'
import { CHROMIUM_ARGS, findChromium } from './chromium.js'
import { serveStatic } from './static-server.js'

const here = dirname(fileURLToPath(import.meta.url))
const pageDir = join(here, 'realtime')
const executablePath = findChromium()

function check(label: string, actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) throw new Error(`${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  console.log(`  ✓ ${label}`)
}

async function main(): Promise<number> {
  await build({ configFile: join(pageDir, 'vite.config.ts') })
  // What `npx msw init dist` does: the worker script of the installed msw, next to the page.
  copyFileSync(join(here, '../../node_modules/msw/lib/mockServiceWorker.js'), join(pageDir, 'dist/mockServiceWorker.js'))
  const server = await serveStatic(join(pageDir, 'dist'))
  const profile = mkdtempSync(join(tmpdir(), 'rocketchat-msw-realtime-'))
  const errors: string[] = []
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
  })
  try {
    const page = await context.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    console.log(`realtime e2e: ${server.url} in ${executablePath}`)
    await page.goto(server.url)
    await page.waitForFunction(() => window.realtimeReady === true, undefined, { timeout: 20_000 })
    check('raw WebSocket handshake through the worker', await page.evaluate(() => window.realtime.handshake().then((f: any) => f.msg)), 'connected')
    const live = await page.evaluate(() => window.realtime.liveRoom())
    check('DDPSDK logged in with the REST token', live.uid, live.aliceId)
    check(
      "bob's post arrived on alice's stream",
      { msg: (live.posted as any).msg, user: (live.posted as any).user, tsIsEjson: typeof (live.posted as any).ts?.$date === 'number' },
      { msg: 'hello from the worker', user: 'bob', tsIsEjson: true },
    )
    check('the edit arrived', live.edited, 'edited in the browser')
    check('the reaction arrived', live.reactions, { ':tada:': { usernames: ['bob'] } })
    check('the deletion arrived', live.deleted, { _id: live.id })
    check('no page errors', errors, [])
    return 0
  } catch (error) {
    console.error(`  ✗ ${error instanceof Error ? error.message : String(error)}`)
    if (errors.length) console.error(`  page errors: ${errors.join('\n')}`)
    return 1
  } finally {
    await context.close()
    await server.close()
    rmSync(profile, { recursive: true, force: true })
  }
}

process.exitCode = await main()
