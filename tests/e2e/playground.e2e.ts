import type { BrowserContext, Locator, Page } from 'playwright-core'

/**
 * The playground, used like a person would: sign in as demo, post in GENERAL, edit, react,
 * reply in a thread, reload, watch a second tab follow along, break the network from the panel
 * and recover, and finally hand the page a damaged saved state.
 */

export interface E2eContext {
  context: BrowserContext
  url: string
  screenshot: string
  step(name: string, run: () => Promise<void>): Promise<void>
  watch(page: Page): void
  /** Console messages of every watched page (type and text). */
  consoleMessages: Array<{ type: string; text: string }>
}

const T = 15_000

export async function playgroundScenario({ context, url, screenshot, step, watch, consoleMessages }: E2eContext): Promise<void> {
  const stamp = Date.now().toString(36)
  const text = `Hello from the e2e run ${stamp}`
  const edited = `${text} (edited)`
  const reply = `A thread reply ${stamp}`
  const fromTab1 = `Posted in the first tab ${stamp}`
  const afterFault = `Posted after the fault ${stamp}`

  const page = context.pages()[0] ?? (await context.newPage())
  watch(page)
  /** A message in the room's timeline (the thread panel may show the same one). */
  const message = (p: Page, contains: string): Locator => p.getByTestId('timeline').getByTestId('message').filter({ hasText: contains })

  await step('the playground starts the mock before rendering and shows the sign-in screen', async () => {
    await page.goto(url)
    await page.waitForSelector('body[data-ready="true"]', { timeout: T })
    await page.getByTestId('signin').waitFor({ timeout: T })
    for (const persona of ['admin', 'demo', 'alice', 'bob']) await page.getByTestId(`persona-${persona}`).waitFor()
  })

  await step('requests the mock does not know are reported, not silently passed', async () => {
    const status = await page.evaluate(async () => (await fetch('/api/v1/no.such.endpoint')).status)
    expect(status === 404, `an unknown endpoint reaches the static server (404), got ${status}`)
    await until(() => consoleMessages.some((m) => m.type === 'warning' && m.text.includes('no.such.endpoint')), 'an MSW warning about the unhandled request')
  })

  await step('sign in as demo; GENERAL opens with history', async () => {
    await page.getByTestId('persona-demo').click()
    await expectText(page.getByTestId('current-user'), '@demo')
    await expectText(page.getByTestId('room-title'), 'general')
    await page.getByTestId('message').first().waitFor({ timeout: T })
    expect((await page.getByTestId('room-item').count()) >= 3, 'the sidebar lists channels and DMs')
  })

  await step('post a message in GENERAL', async () => {
    await page.getByTestId('composer-input').fill(text)
    await page.getByTestId('composer-input').press('Enter')
    await message(page, text).waitFor({ timeout: T })
    expect((await page.getByTestId('composer-input').inputValue()) === '', 'the composer is cleared')
  })

  await step('edit it', async () => {
    const msg = message(page, text)
    await msg.hover()
    await msg.locator('[data-action="edit"]').click()
    await page.getByTestId('edit-input').fill(edited)
    await page.getByTestId('edit-input').press('Enter')
    await message(page, edited).getByTestId('edited').waitFor({ timeout: T })
  })

  await step('react to it', async () => {
    const msg = message(page, edited)
    await msg.hover()
    await msg.locator('[data-action="react"]').click()
    await msg.locator('[data-testid="emoji-option"][data-emoji=":thumbsup:"]').click()
    const chip = message(page, edited).locator('[data-testid="reaction"][data-emoji=":thumbsup:"]')
    await chip.waitFor({ timeout: T })
    await expectText(chip, '1')
    expect((await chip.getAttribute('aria-pressed')) === 'true', 'the reaction is marked as mine')
  })

  await step('open a thread on it, reply, unfollow and follow again', async () => {
    const msg = message(page, edited)
    await msg.hover()
    await msg.locator('[data-action="thread"]').click()
    const panel = page.getByTestId('thread-panel')
    await panel.waitFor({ timeout: T })
    await page.getByTestId('thread-input').fill(reply)
    await page.getByTestId('thread-input').press('Enter')
    await panel.getByTestId('message').filter({ hasText: reply }).waitFor({ timeout: T })
    await expectText(message(page, edited).getByTestId('thread-link'), '1 reply')
    const follow = page.getByTestId('follow-button')
    await expectAttr(follow, 'aria-pressed', 'true') // replying follows the thread
    await follow.click()
    await expectAttr(page.getByTestId('follow-button'), 'aria-pressed', 'false')
    await page.getByTestId('follow-button').click()
    await expectAttr(page.getByTestId('follow-button'), 'aria-pressed', 'true')
  })

  await step('reload: still signed in, and the message, edit, reaction and reply are still there', async () => {
    await page.reload()
    await page.waitForSelector('body[data-ready="true"]', { timeout: T })
    await expectText(page.getByTestId('current-user'), '@demo')
    const msg = message(page, edited)
    await msg.waitFor({ timeout: T })
    await msg.getByTestId('edited').waitFor()
    await expectText(msg.locator('[data-testid="reaction"][data-emoji=":thumbsup:"]'), '1')
    await expectText(msg.getByTestId('thread-link'), '1 reply')
    await msg.getByTestId('thread-link').click()
    await page.getByTestId('thread-panel').getByTestId('message').filter({ hasText: reply }).waitFor({ timeout: T })
    await expectAttr(page.getByTestId('follow-button'), 'aria-pressed', 'true') // the last write before the reload
  })

  const second = await context.newPage()
  watch(second)

  await step('a second tab shows a message posted in the first', async () => {
    await second.goto(url)
    await second.waitForSelector('body[data-ready="true"]', { timeout: T })
    await expectText(second.getByTestId('current-user'), '@demo')
    await message(second, edited).waitFor({ timeout: T })
    await page.bringToFront()
    await page.getByTestId('composer-input').fill(fromTab1)
    await page.getByTestId('composer-input').press('Enter')
    await message(page, fromTab1).waitFor({ timeout: T })
    await message(second, fromTab1).waitFor({ timeout: T })
  })

  await step('activity by another user moves the unread badge (panel: simulate)', async () => {
    await ensurePanel(page)
    await page.getByTestId('panel-tab-scenario').click()
    await page.getByTestId('simulate-user').selectOption('alice')
    const dm = page.locator('[data-testid="room-item"][data-name="Alice Carter"]')
    const before = Number((await dm.getByTestId('unread-badge').textContent().catch(() => '0')) ?? '0')
    const options = await page.getByTestId('simulate-room').locator('option').allTextContents()
    expect(options.includes('@demo'), `alice has a DM with demo (options: ${options.join(', ')})`)
    await page.getByTestId('simulate-room').selectOption({ label: '@demo' })
    await page.getByTestId('simulate-text').fill(`Ping from alice ${stamp}`)
    await page.getByTestId('simulate-post').click()
    await until(async () => Number((await dm.getByTestId('unread-badge').textContent({ timeout: 500 }).catch(() => '0')) ?? '0') === before + 1, `the DM badge goes from ${before} to ${before + 1}`)
  })

  await step('inject a 500 on chat.postMessage from the panel: the toast shows the server’s error', async () => {
    await page.getByTestId('panel-tab-network').click()
    await page.getByTestId('fault-endpoint').selectOption('POST /api/v1/chat.postMessage')
    await page.getByTestId('fault-status').selectOption('500')
    await page.getByTestId('fault-forever').check()
    await page.getByTestId('inject-fault').click()
    await page.getByTestId('fault').filter({ hasText: 'chat.postMessage' }).waitFor({ timeout: T })
    await page.getByTestId('composer-input').fill(afterFault)
    await page.getByTestId('composer-input').press('Enter')
    await page.getByTestId('toast').filter({ hasText: 'Internal server error' }).waitFor({ timeout: T })
    await page.getByTestId('composer-input').press('Enter')
    await expectText(page.getByTestId('toast').filter({ hasText: 'Internal server error' }), '×2')
    expect((await page.getByTestId('composer-input').inputValue()) === afterFault, 'the text stays in the composer')
    expect((await message(page, afterFault).count()) === 0, 'nothing was posted')
  })

  await step('clear the faults and keep working', async () => {
    await page.getByTestId('clear-faults').click()
    await page.getByTestId('active-faults').filter({ hasText: 'None' }).waitFor({ timeout: T })
    await page.getByTestId('composer-input').press('Enter')
    await message(page, afterFault).waitFor({ timeout: T })
    await message(second, afterFault).waitFor({ timeout: T })
  })

  await step('a network error (once, on every endpoint) is a toast too, and the next request works', async () => {
    await page.getByTestId('fault-endpoint').selectOption('*')
    await page.getByTestId('fault-status').selectOption('network')
    await page.getByTestId('fault-forever').uncheck()
    await page.getByTestId('fault-times').fill('1')
    await page.getByTestId('inject-fault').click()
    await page.getByTestId('toast').filter({ hasText: 'Network error' }).waitFor({ timeout: T })
    await page.getByTestId('active-faults').filter({ hasText: 'None' }).waitFor({ timeout: T })
    const msg = message(page, edited)
    await msg.hover()
    await msg.locator('[data-action="star"]').click()
    await msg.getByTestId('starred').waitFor({ timeout: T })
  })

  await step('a setting switched off in the panel is enforced, with the server’s message', async () => {
    await page.getByTestId('panel-tab-settings').click()
    await page.getByTestId('setting-Message_AllowEditing').uncheck()
    const msg = message(page, fromTab1)
    await msg.hover()
    await msg.locator('[data-action="edit"]').click()
    await page.getByTestId('edit-input').fill(`${fromTab1} again`)
    await page.getByTestId('edit-input').press('Enter')
    await page.getByTestId('toast').filter({ hasText: 'Message editing not allowed' }).waitFor({ timeout: T })
    await page.getByTestId('edit-input').press('Escape')
    await page.getByTestId('setting-Message_AllowEditing').check()
  })

  await step('translate a message; pinning in GENERAL is refused for demo', async () => {
    const msg = message(page, edited)
    await page.getByTestId('translate-lang').selectOption('de')
    await msg.hover()
    await msg.locator('[data-action="translate"]').click()
    await expectText(message(page, edited).getByTestId('translation'), 'de')
    await message(page, edited).hover()
    await message(page, edited).locator('[data-action="pin"]').click()
    await page.getByTestId('toast').filter({ hasText: 'Not Authorized' }).waitFor({ timeout: T })
  })

  await step('delete a message: gone here and in the other tab', async () => {
    const msg = message(page, afterFault)
    await msg.hover()
    await msg.locator('[data-action="delete"]').click()
    await msg.locator('[data-action="delete"]').click() // confirm
    await until(async () => (await message(page, afterFault).count()) === 0, 'the message to disappear')
    await until(async () => (await message(second, afterFault).count()) === 0, 'the message to disappear in the second tab')
  })

  await step('search the room', async () => {
    await page.getByTestId('search-input').fill(stamp)
    await page.getByTestId('search-input').press('Enter')
    await page.getByTestId('message-list').getByTestId('list-item').filter({ hasText: edited }).waitFor({ timeout: T })
  })

  await step('load older history', async () => {
    const before = await page.getByTestId('timeline').getByTestId('message').count()
    await page.getByTestId('load-older').click()
    await until(async () => (await page.getByTestId('timeline').getByTestId('message').count()) > before, `more than ${before} messages`)
  })

  await step('in demo’s own channel demo may pin', async () => {
    await page.locator('[data-testid="room-item"][data-name="demo-channel"]').click()
    await expectText(page.getByTestId('room-title'), 'demo-channel')
    const pinMe = `Pin me ${stamp}`
    await page.getByTestId('composer-input').fill(pinMe)
    await page.getByTestId('composer-input').press('Enter')
    await message(page, pinMe).hover()
    await message(page, pinMe).locator('[data-action="pin"]').click()
    await message(page, pinMe).getByTestId('pinned').waitFor({ timeout: T })
    await page.getByTestId('timeline').getByTestId('system-message').filter({ hasText: 'pinned a message' }).last().waitFor({ timeout: T })
    await page.getByTestId('pinned-button').click()
    await page.getByTestId('message-list').getByTestId('list-item').filter({ hasText: pinMe }).waitFor({ timeout: T })
    await page.locator('[data-testid="room-item"][data-name="general"]').click()
    await message(page, edited).waitFor({ timeout: T })
  })

  await step('the request log and the database inspector show what happened', async () => {
    await page.getByTestId('panel-tab-database').click()
    await page.getByTestId('db-collection-messages').click()
    await page.getByTestId('db-filter').fill(stamp)
    await page.getByTestId('db-filter').press('Enter')
    await until(async () => (await page.getByTestId('db-records').locator('li').count()) >= 4, 'the e2e messages in the inspector')
    await page.getByTestId('panel-tab-log').click()
    await page.getByTestId('request-log').getByTestId('log-row').filter({ hasText: 'chat.postMessage' }).filter({ hasText: '500' }).first().waitFor({ timeout: T })
  })

  await step('screenshot', async () => {
    await second.close()
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.bringToFront()
    await page.getByTestId('toast').evaluateAll((els) => els.forEach((el) => el.remove()))
    const msg = message(page, edited)
    await msg.getByTestId('thread-link').click()
    await page.getByTestId('thread-panel').getByTestId('message').filter({ hasText: reply }).waitFor({ timeout: T })
    await page.getByTestId('panel-tab-log').click()
    await page.getByTestId('timeline').evaluate((el) => (el.scrollTop = el.scrollHeight))
    await page.mouse.move(0, 0)
    await page.waitForTimeout(300)
    await page.screenshot({ path: screenshot })
  })

  await step('reseed from the panel: demo is signed back in on the new data', async () => {
    await page.getByTestId('panel-tab-scenario').click()
    await page.getByTestId('seed-input').fill('7')
    await page.getByTestId('reseed').click()
    await expectText(page.getByTestId('current-scenario'), 'seed 7')
    await until(async () => (await message(page, edited).count()) === 0, 'the e2e messages to be gone after the reseed')
    await expectText(page.getByTestId('current-user'), '@demo')
    await expectText(page.getByTestId('room-title'), 'general')
    await page.getByTestId('timeline').getByTestId('message').first().waitFor({ timeout: T })
  })

  await step('a damaged saved state is replaced by a fresh seed, with a notice (never a blank page)', async () => {
    // Let every tab finish saving first: a debounced save (or the save on unload) that lands after
    // the damage below would overwrite it with a good state.
    await persistenceSettled(context)
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('rocketchat-msw-playground', 1)
          open.onerror = () => reject(open.error)
          open.onsuccess = () => {
            const tx = open.result.transaction('state', 'readwrite')
            // An outdated snapshot (version 0): mock.restore() throws, as for a corrupt one.
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
    await page.reload()
    await page.waitForSelector('body[data-ready="true"]', { timeout: T })
    await expectText(page.getByTestId('notice'), 'could not be restored')
    await expectText(page.getByTestId('current-user'), '@demo') // personas sign back in on the fresh seed
    await page.getByTestId('message').first().waitFor({ timeout: T })
    expect((await message(page, edited).count()) === 0, 'the fresh seed does not have the e2e messages')
    await page.getByTestId('composer-input').fill(`Working on the fresh seed ${stamp}`)
    await page.getByTestId('composer-input').press('Enter')
    await message(page, `Working on the fresh seed ${stamp}`).waitFor({ timeout: T })
  })
}

/** Every open tab's persistence is idle and its revision has not moved for a while. */
async function persistenceSettled(context: BrowserContext): Promise<void> {
  const read = async () =>
    Promise.all(
      context.pages().map((p) =>
        p.evaluate(() => JSON.stringify((window as unknown as { playground?: { runtime: { status(): unknown } } }).playground?.runtime.status())),
      ),
    )
  let previous = ''
  let stableSince = Date.now()
  await until(async () => {
    const states = await read()
    const now = JSON.stringify(states)
    if (now !== previous || states.some((state) => state.includes('"saving":true'))) {
      previous = now
      stableSince = Date.now()
      return false
    }
    return Date.now() - stableSince >= 1_000
  }, 'every tab to finish saving')
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
  await until(
    async () => {
      last = (await locator.first().textContent({ timeout: 1000 }).catch(() => null)) ?? ''
      return last.includes(contains)
    },
    `text "${contains}" (last seen: "${last}")`,
  ).catch(() => {
    throw new AssertionError(`expected text containing "${contains}", last seen "${last}"`)
  })
}

async function expectAttr(locator: Locator, name: string, value: string): Promise<void> {
  let last: string | null = null
  await until(async () => (last = await locator.first().getAttribute(name, { timeout: 1000 }).catch(() => null)) === value, `${name}="${value}"`).catch(() => {
    throw new AssertionError(`expected ${name}="${value}", last seen ${String(last)}`)
  })
}

async function ensurePanel(page: Page): Promise<void> {
  if (await page.getByTestId('mock-panel').isVisible()) return
  await page.getByTestId('panel-toggle').click()
  await page.getByTestId('mock-panel').waitFor({ timeout: T })
}
