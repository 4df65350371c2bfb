import type { BrowserContext, Locator, Page } from 'playwright-core'
import type { Budget } from './run.js'

/**
 * The playground used as people would: demo and alice, each in a tab of their own, talk to each
 * other live through the mock (posts, edits, reactions, typing, threads); simulated activity
 * runs; a reload keeps everything; the tabs stay in sync after the clock moves; a phone-size
 * run; a fault from the panel; the budgets; and a damaged saved state.
 */
export interface E2eContext {
  context: BrowserContext
  url: string
  /** Where to save the README screenshot (`--screenshot`), or undefined. */
  screenshot: string | undefined
  step(name: string, run: () => Promise<void>): Promise<void>
  watch(page: Page): void
  consoleMessages: Array<{ type: string; text: string }>
  budget(b: Budget): void
}

const T = 15_000

export async function playgroundScenario({ context, url, screenshot, step, watch, budget }: E2eContext): Promise<void> {
  const stamp = Date.now().toString(36)
  const hello = `Hello alice, from demo ${stamp}`
  const edited = `${hello} (edited)`
  const answer = `Hi demo, alice here ${stamp}`
  const reply = `A thread reply ${stamp}`
  const afterClock = `After the clock moved ${stamp}`

  const demo = context.pages()[0] ?? (await context.newPage())
  watch(demo)
  const message = (p: Page, contains: string): Locator => p.getByTestId('timeline').getByTestId('message').filter({ hasText: contains })
  const post = async (p: Page, text: string) => {
    await p.getByTestId('composer-input').fill(text)
    await p.getByTestId('composer-input').press('Enter')
    await message(p, text).and(p.locator(':not([data-pending])')).waitFor({ timeout: T })
  }
  const signIn = async (p: Page, persona: string) => {
    await p.getByTestId(`persona-${persona}`).click()
    await expectText(p.getByTestId('current-user'), `@${persona}`)
    await expectText(p.getByTestId('room-title'), 'general')
    await p.getByTestId('timeline').getByTestId('message').first().waitFor({ timeout: T })
  }

  await step('the mock starts before the client renders; the sign-in screen offers the personas', async () => {
    await demo.addInitScript(() => {
      // First render of GENERAL: when the first message of the timeline is in the DOM.
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid="timeline"] [data-testid="message"]')) {
          const loaded = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
          Object.assign(window, { firstRenderMs: performance.now(), loadedMs: loaded?.loadEventStart || loaded?.domContentLoadedEventEnd || 0 })
          observer.disconnect()
        }
      }).observe(document, { childList: true, subtree: true })
    })
    await demo.goto(url)
    await demo.waitForSelector('body[data-ready="true"]', { timeout: T })
    for (const persona of ['admin', 'demo', 'alice', 'bob']) await demo.getByTestId(`persona-${persona}`).waitFor()
    expect(!(await demo.getByTestId('panel-sheet').isVisible()), 'the mock panel is closed by default')
  })

  await step('a failed sign-in is a toast that is gone after the next successful one', async () => {
    await demo.getByTestId('signin-user').fill('demo')
    await demo.getByTestId('signin-password').fill('wrong')
    await demo.getByTestId('signin-submit').click()
    await demo.getByTestId('toast').filter({ hasText: 'Unauthorized' }).waitFor({ timeout: T })
    await signIn(demo, 'demo')
    await until(async () => (await demo.getByTestId('toast').count()) === 0, 'the failed sign-in toast to be gone')
    // The realtime stream (DDP over the page's WebSocket, served by the mock) is connected and logged in.
    await until(
      () => demo.evaluate(() => (window as unknown as { playground: { stream: { live: boolean } } }).playground.stream.live),
      'the DDP stream to connect',
    )
  })

  await step('GENERAL: sidebar sections, day separators, English history, emoji reactions, rendered markdown', async () => {
    for (const section of ['Channels', 'Direct messages']) await demo.getByTestId('sidebar').getByText(section, { exact: true }).waitFor()
    expect((await demo.getByTestId('room-item').count()) >= 5, 'the sidebar lists the rooms')
    // Scrolling up (older pages load on the way) reaches a message that opens its day.
    await until(async () => {
      await demo.locator('.pg-virtuoso').evaluate((el) => (el.scrollTop = 0))
      await demo.waitForTimeout(200)
      return (await demo.getByTestId('day-divider').count()) > 0
    }, 'a day separator')
    await demo.locator('.pg-virtuoso').evaluate((el) => (el.scrollTop = el.scrollHeight))
    const body = (await demo.getByTestId('timeline').textContent()) ?? ''
    expect(!/lorem|vulgaris|sodalitas/i.test(body), 'no lorem ipsum in the timeline')
    const raw = await demo.getByTestId('timeline').getByTestId('message-body').filter({ hasText: /\*\*/ }).count()
    expect(raw === 0, 'no raw **markdown** in the timeline')
  })

  const alice = await context.newPage()
  watch(alice)

  await step('alice signs in in a second tab; demo posts and alice sees it live', async () => {
    await alice.goto(url)
    await alice.waitForSelector('body[data-ready="true"]', { timeout: T })
    await signIn(alice, 'alice')
    await post(demo, hello)
    await message(alice, hello).waitFor({ timeout: T })
  })

  await step('alice types: demo sees "alice is typing"; alice answers and demo sees it', async () => {
    await alice.getByTestId('composer-input').pressSequentially('Hi', { delay: 50 })
    await expectText(demo.getByTestId('typing'), 'alice is typing')
    await alice.getByTestId('composer-input').fill('')
    await post(alice, answer)
    await message(demo, answer).waitFor({ timeout: T })
  })

  await step('demo edits; alice sees the edit and the edited marker', async () => {
    const msg = message(demo, hello)
    await msg.hover()
    await msg.locator('[data-action="edit"]').click()
    await demo.getByTestId('edit-input').fill(edited)
    await demo.getByTestId('edit-input').press('Enter')
    await message(demo, edited).getByTestId('edited').waitFor({ timeout: T })
    await message(alice, edited).getByTestId('edited').waitFor({ timeout: T })
  })

  await step('alice reacts with 🎉; demo sees the emoji (not a shortcode) with a count of 1', async () => {
    const msg = message(alice, edited)
    await msg.hover()
    await msg.locator('[data-action="react"]').click()
    await msg.locator('[data-testid="emoji-option"][data-emoji=":tada:"]').click()
    const chip = message(demo, edited).locator('[data-testid="reaction"][data-emoji=":tada:"]')
    await expectText(chip, '🎉')
    await expectText(chip, '1')
    expect(
      (await message(alice, edited).locator('[data-testid="reaction"][data-emoji=":tada:"]').getAttribute('aria-pressed')) === 'true',
      "alice's reaction is marked as hers",
    )
  })

  await step('demo replies in a thread and follows it; alice sees "1 reply"', async () => {
    const msg = message(demo, edited)
    await msg.hover()
    await msg.locator('[data-action="thread"]').click()
    const panel = demo.getByTestId('thread-panel')
    await panel.waitFor({ timeout: T })
    await demo.getByTestId('thread-input').fill(reply)
    await demo.getByTestId('thread-input').press('Enter')
    await panel.getByTestId('message').filter({ hasText: reply }).waitFor({ timeout: T })
    await expectAttr(demo.getByTestId('follow-button'), 'aria-pressed', 'true')
    await expectText(message(alice, edited).getByTestId('thread-link'), '1 reply')
  })

  await step('a posted message is never posted twice (Enter, then Send while pending)', async () => {
    const once = `Only once ${stamp}`
    await demo.getByTestId('composer-input').fill(once)
    await demo.getByTestId('composer-input').press('Enter')
    await demo
      .getByTestId('composer-input-send')
      .click({ force: true, timeout: 1_000 })
      .catch(() => undefined)
    await message(demo, once).waitFor({ timeout: T })
    await demo.waitForTimeout(300)
    expect((await message(demo, once).count()) === 1, 'exactly one copy')
  })

  await step('reload: demo is still signed in and everything is still there', async () => {
    await demo.reload()
    await demo.waitForSelector('body[data-ready="true"]', { timeout: T })
    await expectText(demo.getByTestId('current-user'), '@demo')
    await message(demo, edited).getByTestId('edited').waitFor({ timeout: T })
    await expectText(message(demo, edited).locator('[data-testid="reaction"][data-emoji=":tada:"]'), '1')
    await expectText(message(demo, edited).getByTestId('thread-link'), '1 reply')
    // Signed in, GENERAL open: the reload is the cold start a returning user gets.
    const { firstRenderMs, loadedMs } = await demo.evaluate(() => {
      const w = window as unknown as { firstRenderMs?: number; loadedMs?: number }
      return { firstRenderMs: w.firstRenderMs, loadedMs: w.loadedMs }
    })
    expect(typeof firstRenderMs === 'number', 'the first render was timed')
    console.log(`    first message of GENERAL at ${firstRenderMs!.toFixed(0)} ms after navigation (page loaded at ${loadedMs!.toFixed(0)} ms)`)
    budget({ name: 'first render of GENERAL after the page loaded', value: firstRenderMs! - loadedMs!, unit: 'ms', limit: 1_500, better: 'lower' })
  })

  await step('simulated activity (panel: Activity) posts in GENERAL; both tabs see it', async () => {
    await openPanel(demo)
    await demo.getByTestId('panel-tab-activity').click()
    await demo.getByTestId('activity-every').fill('400')
    await demo.getByTestId('activity-start').click()
    const before = await message(alice, '').count()
    await until(
      async () =>
        (await demo.getByTestId('activity-status').textContent())?.includes('Running: ') === true &&
        !(await demo.getByTestId('activity-status').textContent())?.includes(' 0 events'),
      'activity events',
    )
    await until(async () => (await message(alice, '').count()) > before, 'a simulated post in the other tab')
    await demo.getByTestId('activity-stop').click()
  })

  await step('after "+1 day" and back to "Wall clock", the other tab still follows', async () => {
    await demo.getByTestId('panel-tab-scenario').click()
    await demo.getByRole('button', { name: '+1 day' }).click()
    await demo.getByRole('button', { name: 'Wall clock' }).click()
    await closePanel(demo)
    await post(demo, afterClock)
    await message(alice, afterClock).waitFor({ timeout: T })
  })

  await step('a 500 injected from the panel is a toast with the server’s error; the text stays for a retry', async () => {
    await openPanel(demo)
    await demo.getByTestId('panel-tab-network').click()
    await demo.getByTestId('fault-endpoint').selectOption('POST /api/v1/chat.sendMessage')
    await demo.getByTestId('fault-status').selectOption('500')
    await demo.getByTestId('fault-forever').check()
    await demo.getByTestId('inject-fault').click()
    const failing = `This one fails first ${stamp}`
    await demo.getByTestId('composer-input').fill(failing)
    await demo.getByTestId('composer-input').press('Enter')
    await demo.getByTestId('toast').filter({ hasText: 'Internal server error' }).waitFor({ timeout: T })
    await until(async () => (await demo.getByTestId('composer-input').inputValue()) === failing, 'the text back in the composer')
    await demo.getByTestId('clear-faults').click()
    await closePanel(demo)
    await demo.getByTestId('composer-input').press('Enter')
    await message(alice, failing).waitFor({ timeout: T })
  })

  await step('delete asks in a readable modal; the message goes in both tabs', async () => {
    const msg = message(demo, afterClock)
    await msg.hover()
    await msg.locator('[data-action="delete"]').click()
    await demo.getByTestId('confirm-delete').waitFor()
    await demo.getByTestId('confirm-delete-yes').click()
    await until(async () => (await message(demo, afterClock).count()) === 0, 'gone here')
    await until(async () => (await message(alice, afterClock).count()) === 0, 'gone in the other tab')
  })

  await step('lists: pinned in GENERAL, threads and search render markdown', async () => {
    await demo.getByTestId('threads-button').click()
    await demo.getByTestId('message-list').getByTestId('list-item').first().waitFor({ timeout: T })
    await demo.getByTestId('search-button').click()
    await demo.getByTestId('search-input').fill(stamp)
    await demo.getByTestId('search-input').press('Enter')
    await demo.getByTestId('message-list').getByTestId('list-item').filter({ hasText: edited }).waitFor({ timeout: T })
    await demo.getByTestId('search-button').click()
  })

  if (screenshot) {
    await step('screenshot (docs/playground.png)', async () => {
      await alice.close()
      await demo.setViewportSize({ width: 1440, height: 900 })
      await demo.bringToFront()
      await message(demo, edited).getByTestId('thread-link').click()
      await demo.getByTestId('thread-panel').getByTestId('message').filter({ hasText: reply }).waitFor({ timeout: T })
      await demo.mouse.move(0, 0)
      await demo.waitForTimeout(500)
      await demo.screenshot({ path: screenshot })
      await demo.getByTestId('thread-panel').getByTitle('Close').click()
    })
  } else {
    await alice.close()
  }

  await step('phone width: the sidebar is a drawer, the panel a full-screen sheet', async () => {
    await demo.setViewportSize({ width: 390, height: 844 })
    expect(!(await demo.getByTestId('sidebar').isVisible()) || (await demo.getByTestId('sidebar').boundingBox())!.x < 0, 'the sidebar is off screen')
    await demo.getByTestId('drawer-toggle').click()
    await until(async () => ((await demo.getByTestId('sidebar').boundingBox())?.x ?? -1) >= 0, 'the drawer to open')
    await demo.locator('[data-testid="room-item"][data-name="Alice Carter"]').click()
    await expectText(demo.getByTestId('room-title'), 'Alice Carter')
    await until(async () => ((await demo.getByTestId('sidebar').boundingBox())?.x ?? 0) < 0, 'the drawer to close after choosing a room')
    await openPanel(demo)
    const box = (await demo.getByTestId('panel-sheet').boundingBox())!
    expect(box.width >= 389, `the panel covers the width (${box.width})`)
    await closePanel(demo)
    await demo.setViewportSize({ width: 1440, height: 900 })
  })

  await step('budget: scrolling the large room stays smooth', async () => {
    await demo.evaluate(async () => {
      const pg = (
        window as unknown as { playground: { runtime: { mutate(f: () => unknown, k: string): Promise<unknown> }; mock: { reseed(o: object): void } } }
      ).playground
      await pg.runtime.mutate(() => pg.mock.reseed({ scenario: 'large' }), 'reset')
    })
    await demo.reload()
    await demo.waitForSelector('body[data-ready="true"]', { timeout: T })
    await demo
      .getByTestId('persona-demo')
      .click()
      .catch(() => undefined)
    await demo.locator('[data-testid="room-item"][data-name="Alice Carter"]').click()
    await demo.getByTestId('timeline').getByTestId('message').first().waitFor({ timeout: T })
    // Load a few thousand messages, then scroll through them while counting frames.
    for (let i = 0; i < 20; i++) {
      const more = demo.getByTestId('load-older')
      if (!(await more.isVisible().catch(() => false))) break
      await more.click().catch(() => undefined)
      await demo.waitForTimeout(60)
      await demo
        .getByTestId('timeline')
        .locator('.pg-virtuoso')
        .evaluate((el) => (el.scrollTop = 0))
    }
    // A string, so the test runner's transpiler adds no helpers the page does not have.
    const fps = (await demo.evaluate(`(async () => {
      const el = document.querySelector('[data-testid="timeline"] .pg-virtuoso')
      const frames = []
      let last = performance.now()
      let running = true
      const tick = (t) => { frames.push(t - last); last = t; if (running) requestAnimationFrame(tick) }
      requestAnimationFrame(tick)
      const end = performance.now() + 2000
      while (performance.now() < end) {
        el.scrollTop += 120
        if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) el.scrollTop = 0
        await new Promise((r) => requestAnimationFrame(r))
      }
      running = false
      frames.sort((a, b) => a - b)
      // The frame rate at the 95th-percentile frame time: what the slow frames feel like.
      return 1000 / frames[Math.floor(frames.length * 0.95)]
    })()`)) as number
    budget({ name: 'scrolling the large room (p95 frame)', value: fps, unit: 'fps', limit: 50, better: 'higher' })
    await demo.evaluate(async () => {
      const pg = (
        window as unknown as { playground: { runtime: { mutate(f: () => unknown, k: string): Promise<unknown> }; mock: { reseed(o: object): void } } }
      ).playground
      await pg.runtime.mutate(() => pg.mock.reseed({ scenario: 'default' }), 'reset')
    })
  })

  await step('a damaged saved state is replaced by a fresh seed, with a notice (never a blank page)', async () => {
    await demo.waitForTimeout(1_000)
    await demo.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('rocketchat-msw-playground', 1)
          open.onerror = () => reject(open.error)
          open.onsuccess = () => {
            const tx = open.result.transaction('state', 'readwrite')
            const json = JSON.stringify({ version: 0, seed: 42, scenario: 'default', collections: {} })
            tx.objectStore('state').put({ rev: 1e9, savedAt: new Date().toISOString(), tab: 'e2e', json }, 'snapshot')
            tx.oncomplete = () => {
              open.result.close()
              resolve()
            }
            tx.onerror = () => reject(tx.error)
          }
        }),
    )
    await demo.reload()
    await demo.waitForSelector('body[data-ready="true"]', { timeout: T })
    await expectText(demo.getByTestId('notice'), 'could not be restored')
    const signedIn = await demo
      .getByTestId('current-user')
      .isVisible()
      .catch(() => false)
    if (!signedIn) await demo.getByTestId('persona-demo').click()
    await expectText(demo.getByTestId('current-user'), '@demo')
    await post(demo, `Working on the fresh seed ${stamp}`)
  })
}

// ---- tiny assertion helpers ------------------------------------------------------------------

export class AssertionError extends Error {}

function expect(condition: boolean, what: string): void {
  if (!condition) throw new AssertionError(`expected ${what}`)
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeout = T): Promise<void> {
  const end = Date.now() + timeout
  for (;;) {
    if (await check()) return
    if (Date.now() > end) throw new AssertionError(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function expectText(locator: Locator, contains: string): Promise<void> {
  let last = ''
  await until(async () => {
    last =
      (await locator
        .first()
        .textContent({ timeout: 1000 })
        .catch(() => null)) ?? ''
    return last.includes(contains)
  }, `text "${contains}" (last seen: "${last}")`).catch(() => {
    throw new AssertionError(`expected text containing "${contains}", last seen "${last}"`)
  })
}

async function expectAttr(locator: Locator, name: string, value: string): Promise<void> {
  let last: string | null = null
  await until(
    async () =>
      (last = await locator
        .first()
        .getAttribute(name, { timeout: 1000 })
        .catch(() => null)) === value,
    `${name}="${value}"`,
  ).catch(() => {
    throw new AssertionError(`expected ${name}="${value}", last seen ${String(last)}`)
  })
}

async function openPanel(page: Page): Promise<void> {
  if (await page.getByTestId('mock-panel').isVisible()) return
  await page.getByTestId('panel-toggle').click()
  await page.getByTestId('mock-panel').waitFor({ timeout: T })
}

async function closePanel(page: Page): Promise<void> {
  if (!(await page.getByTestId('mock-panel').isVisible())) return
  await page.getByTestId('panel-toggle').click()
}
