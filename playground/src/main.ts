import './styles.css'
import { ChatApp } from './app.js'
import { startPlaygroundMock } from './mock-runtime.js'
import { MockPanel } from './panel.js'
import { h, replaceChildren } from './ui.js'

/**
 * Start the mock (service worker, persisted state) BEFORE the app renders, then mount the chat
 * client and the control panel. A failure to start is shown on the page, never a blank screen.
 */
const shell = document.getElementById('shell')!
const appRoot = document.getElementById('app')!
const notices = document.getElementById('notices')!
const panelHost = document.getElementById('panel')!
const topbarUser = document.getElementById('topbar-user')!
const panelToggle = document.getElementById('panel-toggle') as HTMLButtonElement

function notice(text: string, kind: 'warn' | 'error' = 'warn'): void {
  const el = h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': 'notice' },
    h('span', null, text),
    h('button', { class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => el.remove() }, '×'),
  )
  notices.appendChild(el)
}

try {
  const runtime = await startPlaygroundMock({ seed: 42, scenario: 'default', messages: 5_000, persist: true })
  if (runtime.notice) notice(runtime.notice)
  const app = new ChatApp({ root: appRoot })
  topbarUser.replaceWith(app.userChip)
  const panel = new MockPanel(runtime, {
    afterReset: () => app.afterReset(),
    refresh: () => void app.syncNow(),
  })
  panelHost.appendChild(panel.el)
  runtime.onRemoteChange((kind) => {
    if (kind === 'reset') void app.afterReset()
    else void app.syncNow()
  })

  const setPanel = (open: boolean) => {
    shell.classList.toggle('panel-open', open)
    panelHost.hidden = !open
    panelToggle.setAttribute('aria-pressed', String(open))
    localStorage.setItem('rocketchat-msw-playground:panel', open ? 'open' : 'closed')
  }
  const stored = localStorage.getItem('rocketchat-msw-playground:panel')
  setPanel(stored ? stored === 'open' : window.innerWidth >= 1100)
  panelToggle.addEventListener('click', () => setPanel(!shell.classList.contains('panel-open')))

  await app.start()
  document.body.dataset.ready = 'true'
  // For poking around from the devtools console.
  Object.assign(window, { playground: { runtime, mock: runtime.mock, app, panel } })
} catch (error) {
  console.error(error)
  replaceChildren(appRoot,
    h('section', { class: 'signin' },
      h('h1', null, 'The mock could not start'),
      h('p', null, error instanceof Error ? error.message : String(error)),
      h('p', { class: 'muted' }, 'The playground needs a browser with service workers (https or localhost) and IndexedDB.'),
    ),
  )
  notice(`Startup failed: ${error instanceof Error ? error.message : String(error)}`, 'error')
  document.body.dataset.ready = 'error'
}
