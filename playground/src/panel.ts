import type { RocketChatMock, ScenarioName } from 'rocketchat-msw'
import { PERSONAS } from './lib/personas.js'
import type { PersistenceStatus, PlaygroundMock } from './mock-runtime.js'
import { h, replaceChildren, toast } from './ui.js'

/**
 * The control panel: the mock's own control API, in the page. Everything here calls the core
 * directly (`mock.reseed`, `mock.controls.injectFault`, `mock.setSetting`, `mock.db`, …) and then
 * tells the runtime, which saves the state and notifies the other tabs.
 */

const TABS = ['Scenario', 'Activity', 'Network', 'Settings', 'Database', 'Log'] as const
type Tab = (typeof TABS)[number]

const SCENARIOS: Array<{ name: ScenarioName; label: string }> = [
  { name: 'default', label: 'default — personas, GENERAL, DMs, threads' },
  { name: 'empty', label: 'empty — personas and an empty GENERAL' },
  { name: 'large', label: 'large — one busy DM' },
]

const TOGGLES: Array<{ id: string; label: string }> = [
  { id: 'Message_AllowEditing', label: 'Allow editing' },
  { id: 'Message_AllowDeleting', label: 'Allow deleting' },
  { id: 'Message_ShowDeletedStatus', label: 'Show "message removed" for deletions' },
  { id: 'Message_KeepHistory', label: 'Keep edit history' },
  { id: 'AutoTranslate_Enabled', label: 'Auto-translate' },
  { id: 'Threads_enabled', label: 'Threads' },
  { id: 'Message_AllowPinning', label: 'Pinning' },
  { id: 'Message_AllowStarring', label: 'Starring' },
  { id: 'Message_Read_Receipt_Enabled', label: 'Read receipts' },
  { id: 'UI_Use_Real_Name', label: 'Use real names' },
  { id: 'API_Enable_Rate_Limiter', label: 'Rate limiter (10 calls / 60 s)' },
  { id: 'ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS', label: 'Honour query / fields params' },
]

const FAULT_STATUSES: Array<{ value: string; label: string }> = [
  { value: '500', label: '500 Internal server error' },
  { value: '429', label: '429 Too many requests' },
  { value: '401', label: '401 Not logged in' },
  { value: '403', label: '403 Forbidden' },
  { value: 'network', label: 'Network error' },
]

const POLLING = /^\/api\/v1\/(chat\.syncMessages|subscriptions\.get|rooms\.get)$/
const PAGE_SIZE = 20

export interface PanelHooks {
  /** The database was replaced: the client signs back in and reloads. */
  afterReset(): Promise<void>
  /** The database changed under the client (settings, simulated activity): poll now. */
  refresh(): void
}

export class MockPanel {
  readonly el = h('aside', { class: 'panel', 'data-testid': 'mock-panel', 'aria-label': 'Mock control panel' })
  readonly #runtime: PlaygroundMock
  readonly #mock: RocketChatMock
  readonly #hooks: PanelHooks
  #tab: Tab = 'Network'
  readonly #body = h('div', { class: 'panel-body' })
  readonly #tabs = h('div', { class: 'tabs', role: 'tablist' })
  #timer: ReturnType<typeof setInterval> | undefined
  #dbCollection = 'messages'
  #dbPage = 0
  #dbFilter = ''
  #hidePolling = true
  #logLast: unknown = undefined
  #logLength = -1

  constructor(runtime: PlaygroundMock, hooks: PanelHooks) {
    this.#runtime = runtime
    this.#mock = runtime.mock
    this.#hooks = hooks
    this.el.append(
      h('header', { class: 'panel-header' }, h('h2', null, 'Mock controls'), h('span', { class: 'muted small', 'data-testid': 'persist-status' })),
      this.#tabs,
      this.#body,
    )
    runtime.onStatus((s) => {
      this.#renderStatus(s)
      if (this.#tab === 'Scenario') this.refreshData()
    })
    runtime.onRemoteChange(() => this.refreshData())
    this.#renderStatus(runtime.status())
    this.render()
    this.#timer = setInterval(() => this.#tick(), 1000)
  }

  dispose(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer)
  }

  select(tab: Tab): void {
    this.#tab = tab
    this.render()
    this.#body.scrollTop = 0
  }

  render(): void {
    replaceChildren(
      this.#tabs,
      TABS.map((tab) =>
        h(
          'button',
          {
            role: 'tab',
            class: `tab${tab === this.#tab ? ' active' : ''}`,
            'aria-selected': tab === this.#tab ? 'true' : 'false',
            'data-testid': `panel-tab-${tab.toLowerCase()}`,
            onclick: () => this.select(tab),
          },
          tab,
        ),
      ),
    )
    const body = {
      Scenario: () => this.#scenario(),
      Activity: () => this.#activity(),
      Network: () => this.#network(),
      Settings: () => this.#settings(),
      Database: () => this.#database(),
      Log: () => this.#log(),
    }[this.#tab]()
    const scroll = this.#body.scrollTop
    replaceChildren(this.#body, body)
    this.#body.scrollTop = scroll
    if (this.#tab === 'Network') this.#renderFaults()
  }

  /** Live parts: the request log, the active faults, the clock. */
  #tick(): void {
    if (this.el.closest('[hidden]')) return
    if (this.#tab === 'Log') {
      const log = this.#mock.controls.log()
      if (log.at(-1) !== this.#logLast || log.length !== this.#logLength) this.render()
    }
    if (this.#tab === 'Network') this.#renderFaults()
    if (this.#tab === 'Scenario') {
      const clock = this.el.querySelector('[data-testid="mock-clock"]')
      if (clock) clock.textContent = this.#clockText()
    }
    if (this.#tab === 'Activity') {
      const status = this.el.querySelector('[data-testid="activity-status"]')
      if (status) status.textContent = this.#activityText()
    }
  }

  #activityText(): string {
    const status = this.#mock.activity.status()
    return status.running ? `Running: ${status.events} events so far` : 'Off'
  }

  #renderStatus(s: PersistenceStatus): void {
    const el = this.el.querySelector('[data-testid="persist-status"]')
    if (!el) return
    el.textContent = !s.enabled
      ? 'not persisted'
      : s.error
        ? `save failed: ${s.error}`
        : s.saving
          ? 'saving…'
          : `saved r${s.rev} · ${(s.bytes / 1024).toFixed(0)} KB${s.crossTab ? ' · tabs synced' : ''}`
  }

  #afterChange(kind: 'write' | 'reset'): void {
    if (kind === 'reset') void this.#hooks.afterReset()
    else this.#hooks.refresh()
    this.refreshData()
  }

  /**
   * The database changed (here or in another tab): update what the open tab shows without
   * rebuilding its forms (a half-filled form survives).
   */
  refreshData(): void {
    const mock = this.#mock
    const set = (id: string, text: string) => {
      const el = this.#body.querySelector(`[data-testid="${id}"]`)
      if (el) el.textContent = text
    }
    if (this.#tab === 'Scenario') {
      set('current-scenario', `${mock.scenario}, seed ${mock.seed}`)
      set('db-counts', this.#counts())
      set('persist-fact', this.#persistFact())
    } else if (this.#tab === 'Settings') {
      for (const input of this.#body.querySelectorAll<HTMLInputElement>('input[data-setting]')) {
        input.checked = mock.db.settings.get(input.dataset.setting!)?.value === true
      }
    } else if (this.#tab === 'Database') {
      this.render()
    }
  }

  #counts(): string {
    return Object.entries(this.#mock.db)
      .map(([name, c]) => `${name} ${(c as { count(): number }).count()}`)
      .join(' · ')
  }

  #persistFact(): string {
    const status = this.#runtime.status()
    return status.enabled ? `IndexedDB, revision ${status.rev}${status.savedAt ? `, saved ${new Date(status.savedAt).toLocaleTimeString()}` : ''}` : 'off'
  }

  // ---- Scenario --------------------------------------------------------------------------------

  #clockText(): string {
    const now = this.#mock.clock.date()
    return `${now.toISOString().replace('T', ' ').slice(0, 19)} UTC${this.#mock.clock.frozen ? ' (frozen)' : ''}`
  }

  #scenario(): HTMLElement {
    const mock = this.#mock
    const scenario = h(
      'select',
      { 'data-testid': 'scenario-select', 'aria-label': 'Scenario' },
      SCENARIOS.map((s) => h('option', { value: s.name, selected: s.name === mock.scenario }, s.label)),
    )
    const seed = h('input', { type: 'number', value: String(mock.seed), 'data-testid': 'seed-input', 'aria-label': 'Seed', min: 0, step: 1 })
    const status = this.#runtime.status()
    return h(
      'div',
      { class: 'panel-section' },
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'Scenario'),
        h('dd', { 'data-testid': 'current-scenario' }, `${mock.scenario}, seed ${mock.seed}`),
        h('dt', null, 'Mock clock'),
        h('dd', { 'data-testid': 'mock-clock' }, this.#clockText()),
        h('dt', null, 'Database'),
        h('dd', { class: 'small', 'data-testid': 'db-counts' }, this.#counts()),
        h('dt', null, 'Persistence'),
        h('dd', { class: 'small', 'data-testid': 'persist-fact' }, this.#persistFact()),
      ),
      h('h3', null, 'Seed'),
      h('div', { class: 'row' }, scenario),
      h(
        'div',
        { class: 'row' },
        h('label', null, 'Seed ', seed),
        h(
          'button',
          {
            class: 'primary',
            'data-testid': 'reseed',
            onclick: () => {
              const value = Number.parseInt(seed.value, 10)
              this.#run(
                () => mock.reseed({ seed: Number.isFinite(value) ? value : mock.seed, scenario: scenario.value as ScenarioName }),
                'reset',
                `Reseeded: ${scenario.value}, seed ${seed.value}`,
              )
            },
          },
          'Reseed',
        ),
        h(
          'button',
          {
            'data-testid': 'reset',
            title: 'Back to the freshly seeded state',
            onclick: () => this.#run(() => mock.reset(), 'reset', 'Reset to the seeded state'),
          },
          'Reset',
        ),
      ),
      h('h3', null, 'Clock'),
      h(
        'div',
        { class: 'row' },
        h('button', { onclick: () => this.#run(() => mock.clock.advance(3_600_000), undefined) }, '+1 hour'),
        h('button', { onclick: () => this.#run(() => mock.clock.advance(86_400_000), undefined) }, '+1 day'),
        h('button', { onclick: () => this.#run(() => mock.clock.useWallClock(), undefined) }, 'Wall clock'),
      ),
      this.#simulator(),
      h('h3', null, 'Saved state'),
      h(
        'div',
        { class: 'row' },
        h('button', { disabled: !status.enabled, onclick: () => void this.#runtime.flush().then(() => toast('Saved', 'info', 2000)) }, 'Save now'),
        h(
          'button',
          {
            disabled: !status.enabled,
            'data-testid': 'clear-stored',
            onclick: () =>
              void this.#runtime.clearStored().then(() => {
                toast('Saved state cleared; fresh seed', 'info', 3000)
                void this.#hooks.afterReset()
                this.render()
              }),
          },
          'Clear saved state',
        ),
      ),
    )
  }

  // ---- Activity ------------------------------------------------------------------------------

  /**
   * `mock.activity`: personas post, reply, react and type on the mock's clock. The client drives
   * it (live.ts) under the cross-tab lock, so other tabs follow; it stops with a reload.
   */
  #activity(): HTMLElement {
    const mock = this.#mock
    const status = mock.activity.status()
    const rooms = mock.db.rooms.all().filter((r) => r.t !== 'd')
    const room = h(
      'select',
      { 'data-testid': 'activity-room', 'aria-label': 'Room' },
      rooms.map((r) => h('option', { value: r._id, selected: status.rooms.includes(r._id) || (!status.running && r._id === 'GENERAL') }, r.name ?? r._id)),
    )
    const every = h('input', {
      type: 'number',
      min: 200,
      step: 100,
      value: String(status.everyMs),
      'data-testid': 'activity-every',
      'aria-label': 'Every (ms)',
      class: 'narrow',
    })
    return h(
      'div',
      { class: 'panel-section' },
      h('h3', null, 'Simulated activity'),
      h(
        'p',
        { class: 'muted small' },
        'Seeded personas (everyone in the room but admin and demo) post, answer in threads, react, mention and type, on the mock clock.',
      ),
      h('div', { class: 'row' }, room),
      h('div', { class: 'row' }, h('label', null, 'Every ', every, ' ms')),
      h(
        'div',
        { class: 'row' },
        h(
          'button',
          {
            class: 'primary',
            'data-testid': 'activity-start',
            onclick: () =>
              this.#run(
                () => void mock.activity.start({ rooms: [room.value], everyMs: Math.max(200, Number(every.value) || 5_000), autoRun: false }),
                undefined,
                'Activity started',
              ),
          },
          status.running ? 'Restart' : 'Start',
        ),
        h(
          'button',
          { 'data-testid': 'activity-stop', disabled: !status.running, onclick: () => this.#run(() => mock.activity.stop(), undefined, 'Activity stopped') },
          'Stop',
        ),
      ),
      h('p', { class: 'small', 'data-testid': 'activity-status' }, this.#activityText()),
    )
  }

  /** Post as another persona, through the mock's own `fetch` (no network): unread badges move. */
  #simulator(): HTMLElement {
    const mock = this.#mock
    const user = h(
      'select',
      { 'data-testid': 'simulate-user', 'aria-label': 'As user' },
      PERSONAS.map((p) => h('option', { value: p, selected: p === 'alice' }, p)),
    )
    const room = h('select', { 'data-testid': 'simulate-room', 'aria-label': 'In room' })
    const fillRooms = () => {
      const u = mock.db.users.all().find((candidate) => candidate.username === user.value)
      const subs = u ? mock.db.subscriptions.all().filter((s) => s.u._id === u._id) : []
      replaceChildren(
        room,
        subs.map((s) => h('option', { value: s.rid }, s.t === 'd' ? `@${s.name}` : `#${s.name}`)),
      )
    }
    user.addEventListener('change', fillRooms)
    fillRooms()
    const text = h('input', { 'data-testid': 'simulate-text', value: 'Hello from the panel :wave:', 'aria-label': 'Text' })
    const post = async () => {
      try {
        const body = await this.#runtime.mutate(async () => {
          const { userId, authToken } = mock.login(user.value)
          const response = await mock.fetch(
            new Request(new URL('/api/v1/chat.postMessage', location.origin), {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'X-User-Id': userId, 'X-Auth-Token': authToken },
              body: JSON.stringify({ roomId: room.value, text: text.value }),
            }),
          )
          return (await response?.json()) as { success?: boolean; error?: string } | undefined
        })
        if (!body?.success) throw new Error(body?.error ?? 'no answer')
        this.#afterChange('write')
      } catch (error) {
        toast(error instanceof Error ? error.message : String(error))
      }
    }
    return h(
      'div',
      null,
      h('h3', null, 'Simulate activity'),
      h('div', { class: 'row' }, user, room),
      h('div', { class: 'row' }, text, h('button', { 'data-testid': 'simulate-post', onclick: () => void post() }, 'Post')),
    )
  }

  /** A change to the mock: `kind` set → a write (under the runtime's cross-tab lock, then saved). */
  #run(action: () => void, kind: 'write' | 'reset' | undefined, done?: string): void {
    const finish = () => {
      if (kind) this.#afterChange(kind)
      else this.render()
      if (done) toast(done, 'info', 2500)
    }
    if (!kind) {
      try {
        action()
        finish()
      } catch (error) {
        toast(error instanceof Error ? error.message : String(error))
      }
      return
    }
    this.#runtime.mutate(action, kind).then(finish, (error: unknown) => {
      toast(error instanceof Error ? error.message : String(error))
      this.render()
    })
  }

  // ---- Network ---------------------------------------------------------------------------------

  #network(): HTMLElement {
    const controls = this.#mock.controls
    const latency = h('input', {
      type: 'range',
      min: 0,
      max: 3000,
      step: 50,
      value: String(controls.latencyMs),
      'data-testid': 'latency',
      'aria-label': 'Latency (ms)',
    })
    const latencyOut = h('output', { 'data-testid': 'latency-value' }, `${controls.latencyMs} ms`)
    latency.addEventListener('input', () => {
      controls.latencyMs = Number(latency.value)
      latencyOut.textContent = `${controls.latencyMs} ms`
    })
    const endpoint = h(
      'select',
      { 'data-testid': 'fault-endpoint', 'aria-label': 'Endpoint' },
      h('option', { value: '*' }, '* (every endpoint)'),
      [...this.#mock.routes()]
        .sort((a, b) => a.split(' ')[1]!.localeCompare(b.split(' ')[1]!))
        .map((r) => h('option', { value: r, selected: r === 'POST /api/v1/chat.postMessage' }, r)),
    )
    const status = h(
      'select',
      { 'data-testid': 'fault-status', 'aria-label': 'Status' },
      FAULT_STATUSES.map((s) => h('option', { value: s.value }, s.label)),
    )
    const times = h('input', { type: 'number', min: 1, value: '1', 'data-testid': 'fault-times', 'aria-label': 'Requests', class: 'narrow' })
    const forever = h('input', { type: 'checkbox', 'data-testid': 'fault-forever' })
    forever.addEventListener('change', () => (times.disabled = forever.checked))
    const inject = () => {
      const n = forever.checked ? Infinity : Math.max(1, Number.parseInt(times.value, 10) || 1)
      controls.injectFault({ endpoint: endpoint.value, status: status.value === 'network' ? 'network' : Number(status.value), times: n })
      this.#renderFaults()
    }
    return h(
      'div',
      { class: 'panel-section' },
      h('h3', null, 'Latency'),
      h('div', { class: 'row' }, latency, latencyOut),
      h('h3', null, 'Inject a fault'),
      h('div', { class: 'row' }, endpoint),
      h('div', { class: 'row' }, status),
      h('div', { class: 'row' }, h('label', null, 'next ', times, ' requests'), h('label', null, forever, ' until cleared')),
      h(
        'div',
        { class: 'row' },
        h('button', { class: 'primary', 'data-testid': 'inject-fault', onclick: inject }, 'Inject'),
        h('button', { 'data-testid': 'clear-faults', onclick: () => (controls.clearFaults(), this.#renderFaults()) }, 'Clear faults'),
      ),
      h('h3', null, 'Active faults'),
      h('ul', { class: 'faults', 'data-testid': 'active-faults' }),
    )
  }

  #renderFaults(): void {
    const list = this.el.querySelector('[data-testid="active-faults"]')
    if (!list) return
    const faults = this.#mock.controls.faults
    const text = faults.map((f) => `${f.endpoint}|${f.status}|${f.remaining}`).join(',')
    if (list.getAttribute('data-state') === text) return
    list.setAttribute('data-state', text)
    replaceChildren(
      list,
      faults.length === 0
        ? h('li', { class: 'muted' }, 'None')
        : faults.map((f) =>
            h(
              'li',
              { 'data-testid': 'fault' },
              h('code', null, f.endpoint),
              ` → ${f.status === 'network' ? 'network error' : f.status}, ${f.remaining === Infinity ? 'until cleared' : `${f.remaining} left`}`,
            ),
          ),
    )
  }

  // ---- Settings --------------------------------------------------------------------------------

  #settings(): HTMLElement {
    const mock = this.#mock
    const value = (id: string) => mock.db.settings.get(id)?.value
    const key = h('input', { placeholder: 'Setting id', 'aria-label': 'Setting id', list: 'setting-ids' })
    const json = h('input', { placeholder: 'JSON value, e.g. 5 or "x"', 'aria-label': 'Value' })
    const permission = h(
      'select',
      { 'aria-label': 'Permission', 'data-testid': 'permission-select' },
      mock.db.permissions.all().map((p) => h('option', { value: p._id }, p._id)),
    )
    const roles = h('input', { 'aria-label': 'Roles', 'data-testid': 'permission-roles' })
    const showRoles = () => (roles.value = (mock.db.permissions.get(permission.value)?.roles ?? []).join(', '))
    permission.addEventListener('change', showRoles)
    showRoles()
    return h(
      'div',
      { class: 'panel-section' },
      h('h3', null, 'Workspace settings'),
      h(
        'ul',
        { class: 'toggles' },
        TOGGLES.map((t) =>
          h(
            'li',
            null,
            h(
              'label',
              null,
              h('input', {
                type: 'checkbox',
                checked: value(t.id) === true,
                'data-testid': `setting-${t.id}`,
                dataset: { setting: t.id },
                onchange: (e: Event) => this.#run(() => mock.setSetting(t.id, (e.target as HTMLInputElement).checked), 'write'),
              }),
              ' ',
              t.label,
              ' ',
              h('code', { class: 'small muted' }, t.id),
            ),
          ),
        ),
      ),
      h('h3', null, 'Any setting'),
      h(
        'datalist',
        { id: 'setting-ids' },
        mock.db.settings.all().map((s) => h('option', { value: s._id })),
      ),
      h(
        'div',
        { class: 'row' },
        key,
        json,
        h(
          'button',
          {
            onclick: () =>
              this.#run(
                () => {
                  let parsed: unknown
                  try {
                    parsed = JSON.parse(json.value)
                  } catch {
                    parsed = json.value
                  }
                  mock.setSetting(key.value.trim(), parsed)
                },
                'write',
                `Set ${key.value}`,
              ),
          },
          'Set',
        ),
      ),
      h('h3', null, 'Permissions'),
      h('div', { class: 'row' }, permission),
      h(
        'div',
        { class: 'row' },
        roles,
        h(
          'button',
          {
            onclick: () =>
              this.#run(
                () =>
                  mock.setPermission(
                    permission.value,
                    roles.value
                      .split(',')
                      .map((r) => r.trim())
                      .filter(Boolean),
                  ),
                'write',
                `${permission.value}: ${roles.value}`,
              ),
          },
          'Apply',
        ),
      ),
    )
  }

  // ---- Database --------------------------------------------------------------------------------

  #database(): HTMLElement {
    const db = this.#mock.db as unknown as Record<string, { all(): readonly unknown[]; count(): number }>
    const names = Object.keys(db)
    if (!names.includes(this.#dbCollection)) this.#dbCollection = names[0] ?? ''
    const collection = db[this.#dbCollection]
    const filter = this.#dbFilter.toLowerCase()
    let records = collection ? [...collection.all()] : []
    if (filter) records = records.filter((r) => JSON.stringify(r).toLowerCase().includes(filter))
    const pages = Math.max(1, Math.ceil(records.length / PAGE_SIZE))
    this.#dbPage = Math.min(this.#dbPage, pages - 1)
    const page = records.slice(this.#dbPage * PAGE_SIZE, (this.#dbPage + 1) * PAGE_SIZE)
    const search = h('input', {
      type: 'search',
      placeholder: 'Filter records (text)',
      value: this.#dbFilter,
      'data-testid': 'db-filter',
      'aria-label': 'Filter',
    })
    search.addEventListener('change', () => {
      this.#dbFilter = search.value
      this.#dbPage = 0
      this.render()
    })
    return h(
      'div',
      { class: 'panel-section' },
      h(
        'div',
        { class: 'collections' },
        names.map((name) =>
          h(
            'button',
            {
              class: `chip${name === this.#dbCollection ? ' active' : ''}`,
              'data-testid': `db-collection-${name}`,
              onclick: () => {
                this.#dbCollection = name
                this.#dbPage = 0
                this.render()
              },
            },
            name,
            ' ',
            h('span', { class: 'count' }, String(db[name]!.count())),
          ),
        ),
      ),
      h('div', { class: 'row' }, search, h('button', { onclick: () => this.render() }, '↻')),
      h(
        'div',
        { class: 'row pager' },
        h('button', { disabled: this.#dbPage === 0, onclick: () => (this.#dbPage--, this.render()) }, '‹'),
        h('span', { class: 'small', 'data-testid': 'db-page' }, `${records.length} records · page ${this.#dbPage + 1} / ${pages}`),
        h('button', { disabled: this.#dbPage >= pages - 1, onclick: () => (this.#dbPage++, this.render()) }, '›'),
      ),
      h(
        'ol',
        { class: 'records', start: this.#dbPage * PAGE_SIZE + 1, 'data-testid': 'db-records' },
        page.map((record) => {
          const r = record as Record<string, unknown>
          const summary = [r._id, r.username, r.name, r.msg, r.rid, r.value !== undefined ? JSON.stringify(r.value) : undefined]
            .filter((v) => v !== undefined && v !== '')
            .map((v) => String(v).slice(0, 60))
            .join(' · ')
          return h('li', null, h('details', null, h('summary', null, summary), h('pre', null, JSON.stringify(record, null, 2))))
        }),
      ),
    )
  }

  // ---- Log -------------------------------------------------------------------------------------

  #log(): HTMLElement {
    const controls = this.#mock.controls
    const all = controls.log()
    this.#logLast = all.at(-1)
    this.#logLength = all.length
    const entries = [...all]
      .reverse()
      .filter((e) => !this.#hidePolling || e.method !== 'GET' || !POLLING.test(e.endpoint))
      .slice(0, 200)
    const hide = h('input', { type: 'checkbox', checked: this.#hidePolling, 'data-testid': 'log-hide-polling' })
    hide.addEventListener('change', () => {
      this.#hidePolling = hide.checked
      this.render()
    })
    return h(
      'div',
      { class: 'panel-section' },
      h(
        'div',
        { class: 'row' },
        h('label', null, hide, ' hide sync polling'),
        h('span', { class: 'muted small' }, `${all.length} requests logged (last 500)`),
        h('button', { onclick: () => (controls.clearLog(), this.render()) }, 'Clear'),
      ),
      h(
        'table',
        { class: 'log', 'data-testid': 'request-log' },
        h(
          'thead',
          null,
          h('tr', null, h('th', null, 'time'), h('th', null, 'method'), h('th', null, 'endpoint'), h('th', null, 'status'), h('th', null, 'ms')),
        ),
        h(
          'tbody',
          null,
          entries.map((e) =>
            h(
              'tr',
              { class: e.status === 'network' || e.status >= 400 ? 'bad' : '', 'data-testid': 'log-row' },
              h('td', { class: 'muted' }, new Date(e.at).toLocaleTimeString()),
              h('td', null, e.method),
              h('td', null, e.endpoint.replace('/api/v1/', '')),
              h('td', null, String(e.status)),
              h('td', { class: 'num' }, e.durationMs.toFixed(1)),
            ),
          ),
        ),
      ),
    )
  }
}
