import { ApiError, RestClient, type Changes, type Me, type Message, type Room, type Session, type Subscription } from './api.js'
import { renderMd } from './md.js'
import { icon } from './icons.js'
import { avatar, emoji, emojify, h, reconcile, replaceChildren, time, toast } from './ui.js'

/**
 * The chat client: a plain-TypeScript Rocket.Chat-like UI that knows only the REST API.
 * It signs in, lists rooms and DMs with unread badges, shows history with "load older", posts,
 * edits, deletes, reacts, pins, stars and translates, has a thread panel, and stays current by
 * polling the sync endpoints.
 */

export const PERSONAS = ['admin', 'demo', 'alice', 'bob'] as const
export const REACTIONS = [':thumbsup:', ':heart:', ':joy:', ':tada:', ':eyes:', ':rocket:', ':pray:', ':fire:']
export const LANGUAGES = [
  ['de', 'German'],
  ['es', 'Spanish'],
  ['fr', 'French'],
  ['pt', 'Portuguese'],
  ['it', 'Italian'],
  ['ja', 'Japanese'],
  ['en', 'English'],
] as const

const SESSION_KEY = 'rocketchat-msw-playground:session'
const LAST_ROOM_KEY = 'rocketchat-msw-playground:room'
const LANG_KEY = 'rocketchat-msw-playground:lang'
const PAGE = 50

interface RoomView {
  rid: string
  messages: Map<string, Message>
  oldestTs: string | undefined
  hasMore: boolean
  loadingOlder: boolean
  lastUpdate: string | undefined
  loaded: boolean
}

type ThreadPanel =
  | { mode: 'list'; rid: string; threads: Message[]; loading: boolean }
  | { mode: 'messages'; rid: string; list: MessageList; text: string; messages: Message[]; loading: boolean }
  | { mode: 'thread'; rid: string; tmid: string; root: Message | undefined; replies: Map<string, Message>; loading: boolean }

type MessageList = 'pinned' | 'starred' | 'search'

const LISTS: Record<MessageList, { title: string; endpoint: string; empty: string }> = {
  pinned: { title: 'Pinned messages', endpoint: 'chat.getPinnedMessages', empty: 'Nothing pinned in this room.' },
  starred: { title: 'Starred messages', endpoint: 'chat.getStarredMessages', empty: 'You have not starred anything here.' },
  search: { title: 'Search', endpoint: 'chat.search', empty: 'No messages found.' },
}

interface MessageContext {
  where: 'room' | 'thread'
}

export interface ChatAppOptions {
  root: HTMLElement
  pollMs?: number
}

export class ChatApp {
  readonly api = new RestClient()
  readonly #root: HTMLElement
  readonly #pollMs: number
  me: Me | undefined
  readonly rooms = new Map<string, Room>()
  readonly subs = new Map<string, Subscription>()
  #roomsSince: string | undefined
  #subsSince: string | undefined
  #view: RoomView | undefined
  #thread: ThreadPanel | undefined
  #timer: ReturnType<typeof setInterval> | undefined
  #polling: Promise<void> | undefined
  #pollAgain = false
  #checkingAuth = false
  #recovering: Promise<void> | undefined
  #lang = localStorage.getItem(LANG_KEY) ?? 'de'
  #editing: string | undefined
  #picker: string | undefined
  #confirmDelete: string | undefined
  #cache = new Map<string, { el: HTMLElement; sig: string }>()
  #threadCache = new Map<string, { el: HTMLElement; sig: string }>()
  #markReadTimer: ReturnType<typeof setTimeout> | undefined

  // Layout elements (created on sign-in).
  #sidebar = h('nav', { class: 'sidebar', 'aria-label': 'Rooms', 'data-testid': 'sidebar' })
  #roomHeader = h('header', { class: 'room-header' })
  #timeline = h('div', { class: 'timeline', 'data-testid': 'timeline' })
  #timelineList = h('div', { class: 'timeline-list' })
  #olderButton = h('button', { class: 'older', 'data-testid': 'load-older', onclick: () => void this.loadOlder() }, 'Load older messages')
  #composerInput = h('textarea', { class: 'composer-input', rows: 1, placeholder: 'Message', 'data-testid': 'composer-input', 'aria-label': 'Message' })
  #threadAside = h('aside', { class: 'thread-panel', 'data-testid': 'thread-panel', hidden: true })
  #userChip = h('div', { class: 'user-chip' })

  constructor(options: ChatAppOptions) {
    this.#root = options.root
    this.#pollMs = options.pollMs ?? 1500
    this.#timeline.append(this.#olderButton, this.#timelineList)
    submitOnEnter(this.#threadInput, () => void this.sendReply(this.#threadInput))
    submitOnEnter(this.#composerInput, () => void this.send())
    this.#timeline.addEventListener('scroll', () => {
      if (this.#timeline.scrollTop < 40 && this.#view?.hasMore && !this.#view.loadingOlder) void this.loadOlder()
    })
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.syncNow()
    })
  }

  // ---- session -------------------------------------------------------------------------------

  /** Resume a saved session (or sign a persona back in), else show the sign-in screen. */
  async start(): Promise<void> {
    const saved = readSession()
    if (saved) {
      this.api.session = saved
      if (await this.#resume(saved.username)) return
    }
    this.showSignIn()
  }

  async #resume(username: string): Promise<boolean> {
    try {
      this.me = await this.api.get<Me>('me')
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) {
        toast(errorText(error))
        return false
      }
      // The token is gone (fresh seed, reset, another tab reset): personas sign back in.
      if (!(PERSONAS as readonly string[]).includes(username)) return false
      try {
        await this.#login(username, username, false)
        return true
      } catch {
        return false
      }
    }
    await this.#enter()
    return true
  }

  async signIn(user: string, password: string): Promise<void> {
    try {
      await this.#login(user, password, true)
    } catch (error) {
      toast(errorText(error))
    }
  }

  async #login(user: string, password: string, fresh: boolean): Promise<void> {
    const { session, me } = await this.api.login(user, password)
    this.me = me
    localStorage.setItem(SESSION_KEY, JSON.stringify(session))
    if (fresh) localStorage.removeItem(LAST_ROOM_KEY)
    await this.#enter()
  }

  async signOut(): Promise<void> {
    try {
      await this.api.post('logout')
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) toast(errorText(error))
    }
    this.#leave()
    this.showSignIn()
  }

  #leave(): void {
    this.#stopPolling()
    localStorage.removeItem(SESSION_KEY)
    this.api.session = undefined
    this.me = undefined
    this.#view = undefined
    this.#thread = undefined
    this.rooms.clear()
    this.subs.clear()
    this.#cache.clear()
    this.#threadCache.clear()
  }

  showSignIn(): void {
    this.#stopPolling()
    const username = h('input', { name: 'username', autocomplete: 'username', placeholder: 'username', 'data-testid': 'login-username', required: true })
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', placeholder: 'password', 'data-testid': 'login-password', required: true })
    replaceChildren(
      this.#root,
      h('section', { class: 'signin', 'data-testid': 'signin' },
        h('h1', null, 'Sign in'),
        h('p', { class: 'muted' }, 'Pick a persona of the seeded workspace — each one’s password is its username.'),
        h('div', { class: 'personas' },
          PERSONAS.map((name) =>
            h('button', { class: 'persona', 'data-testid': `persona-${name}`, onclick: () => void this.signIn(name, name) },
              avatar(name), h('span', null, h('strong', null, name), h('small', null, name === 'admin' ? 'admin, user' : 'user')),
            ),
          ),
        ),
        h('form', {
            class: 'signin-form',
            onsubmit: (e: Event) => {
              e.preventDefault()
              void this.signIn(username.value.trim(), password.value)
            },
          },
          username, password, h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
        ),
      ),
    )
    this.#userChip.replaceChildren()
  }

  get userChip(): HTMLElement {
    return this.#userChip
  }

  // ---- layout --------------------------------------------------------------------------------

  async #enter(): Promise<void> {
    this.#stopPolling()
    this.#cache.clear()
    this.#threadCache.clear()
    this.#view = undefined
    this.#thread = undefined
    const me = this.me!
    replaceChildren(this.#userChip,
      avatar(me.username, me.name),
      h('span', { class: 'user-name', 'data-testid': 'current-user' }, `@${me.username}`),
      h('button', { class: 'link', 'data-testid': 'sign-out', onclick: () => void this.signOut() }, 'Sign out'),
    )
    const composer = h('form', {
        class: 'composer',
        'data-testid': 'composer',
        onsubmit: (e: Event) => {
          e.preventDefault()
          void this.send()
        },
      },
      this.#composerInput,
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'send-button' }, 'Send'),
    )
    replaceChildren(this.#root,
      h('div', { class: 'chat' },
        this.#sidebar,
        h('section', { class: 'room', 'data-testid': 'room' }, this.#roomHeader, this.#timeline, composer),
        this.#threadAside,
      ),
    )
    this.#threadAside.hidden = true
    await this.reloadAll()
    this.#startPolling()
  }

  /** Fetch rooms, subscriptions and DMs from scratch, then (re)open the current room. */
  async reloadAll(): Promise<void> {
    this.rooms.clear()
    this.subs.clear()
    this.#roomsSince = undefined
    this.#subsSince = undefined
    const [rooms, subs, dms] = await Promise.allSettled([
      this.api.get<Changes<Room>>('rooms.get'),
      this.api.get<Changes<Subscription>>('subscriptions.get'),
      this.api.get<{ ims: Room[] }>('dm.list', { count: 100 }),
    ])
    if (rooms.status === 'fulfilled') this.#mergeRooms(rooms.value)
    else this.#report(rooms.reason)
    if (subs.status === 'fulfilled') this.#mergeSubs(subs.value)
    else this.#report(subs.reason)
    if (dms.status === 'fulfilled') for (const dm of dms.value.ims) this.rooms.set(dm._id, { ...this.rooms.get(dm._id), ...dm })
    else this.#report(dms.reason)
    this.renderSidebar()
    const wanted = this.#view?.rid ?? localStorage.getItem(LAST_ROOM_KEY) ?? 'GENERAL'
    const rid = this.subs.has(wanted) ? wanted : this.subs.has('GENERAL') ? 'GENERAL' : [...this.subs.keys()][0]
    const thread = this.#thread
    if (rid) await this.openRoom(rid)
    else this.#renderEmptyRoom()
    if (thread && thread.rid === rid) {
      if (thread.mode === 'thread') await this.openThread(thread.tmid)
      else if (thread.mode === 'messages') await this.openMessageList(thread.list, thread.text)
      else await this.openThreadList()
    }
  }

  /** The database was replaced (reset, reseed, another tab's reset): sign back in if needed, reload. */
  async afterReset(): Promise<void> {
    if (!this.me || !this.api.session) return
    await this.#recoverSession()
  }

  /**
   * Check the session and reload everything; a persona whose token is gone (reset, reseed, a
   * fresh seed) signs back in. Only if that fails: back to the sign-in screen.
   */
  #recoverSession(): Promise<void> {
    this.#recovering ??= (async () => {
      const username = this.api.session?.username
      if (!username) return
      this.#stopPolling()
      if (await this.#resume(username)) return
      this.#leave()
      this.showSignIn()
      toast('Your session has ended — sign in again.', 'info')
    })().finally(() => (this.#recovering = undefined))
    return this.#recovering
  }

  // ---- sidebar -------------------------------------------------------------------------------

  #mergeRooms(changes: Changes<Room>): void {
    for (const room of changes.update) {
      this.rooms.set(room._id, room)
      this.#roomsSince = maxIso(this.#roomsSince, room._updatedAt)
    }
    for (const removed of changes.remove) {
      this.rooms.delete(removed._id)
      this.#roomsSince = maxIso(this.#roomsSince, removed._deletedAt)
    }
  }

  #mergeSubs(changes: Changes<Subscription>): void {
    for (const sub of changes.update) {
      this.subs.set(sub.rid, sub)
      this.#subsSince = maxIso(this.#subsSince, sub._updatedAt)
    }
    for (const removed of changes.remove) {
      for (const [rid, sub] of this.subs) if (sub._id === removed._id) this.subs.delete(rid)
      this.#subsSince = maxIso(this.#subsSince, removed._deletedAt)
    }
  }

  roomLabel(rid: string): string {
    const sub = this.subs.get(rid)
    const room = this.rooms.get(rid)
    if ((sub?.t ?? room?.t) === 'd') {
      return sub?.fname || sub?.name || room?.usernames?.filter((u) => u !== this.me?.username).join(', ') || rid
    }
    return room?.fname || room?.name || sub?.fname || sub?.name || rid
  }

  renderSidebar(): void {
    const entries = [...this.subs.values()].filter((s) => s.open !== false || s.rid === this.#view?.rid)
    const channels = entries.filter((s) => s.t !== 'd').sort((a, b) => this.roomLabel(a.rid).localeCompare(this.roomLabel(b.rid)))
    const dms = entries.filter((s) => s.t === 'd').sort((a, b) => (this.rooms.get(b.rid)?.lm ?? '').localeCompare(this.rooms.get(a.rid)?.lm ?? ''))
    const item = (sub: Subscription) => {
      const unread = sub.unread ?? 0
      const mentions = (sub.userMentions ?? 0) + (sub.groupMentions ?? 0)
      const active = sub.rid === this.#view?.rid
      const name = this.roomLabel(sub.rid)
      const leading = sub.t === 'd' ? avatar(sub.name, sub.fname ?? sub.name) : h('span', { class: 'room-icon', 'aria-hidden': 'true' }, sub.t === 'p' ? icon('lock', { size: 14 }) : '#')
      return h('button', {
          class: `room-item${active ? ' active' : ''}${sub.alert && !active ? ' alert' : ''}`,
          'data-testid': 'room-item',
          'data-rid': sub.rid,
          'data-name': name,
          'aria-current': active ? 'page' : undefined,
          onclick: () => void this.openRoom(sub.rid),
        },
        leading,
        h('span', { class: 'room-name' }, name),
        unread > 0 && h('span', { class: `badge${mentions > 0 || sub.t === 'd' ? ' badge-mention' : ''}`, 'data-testid': 'unread-badge', title: `${unread} unread` }, unread > 99 ? '99+' : String(unread)),
        unread === 0 && (sub.tunread?.length ?? 0) > 0 && h('span', { class: 'badge badge-thread', title: 'Unread thread replies' }, icon('thread', { size: 14 })),
      )
    }
    replaceChildren(this.#sidebar,
      h('h2', null, 'Channels'),
      channels.length ? channels.map(item) : h('p', { class: 'muted small' }, 'No channels'),
      h('h2', null, 'Direct messages'),
      dms.length ? dms.map(item) : h('p', { class: 'muted small' }, 'No direct messages'),
    )
  }

  // ---- room ----------------------------------------------------------------------------------

  #renderEmptyRoom(): void {
    replaceChildren(this.#roomHeader, h('h1', null, 'No rooms'))
    this.#timelineList.replaceChildren(h('p', { class: 'muted center' }, 'This user has no rooms. Reseed the mock from the panel.'))
    this.#olderButton.hidden = true
  }

  async openRoom(rid: string): Promise<void> {
    const switching = this.#view?.rid !== rid
    this.#view = { rid, messages: new Map(), oldestTs: undefined, hasMore: false, loadingOlder: false, lastUpdate: undefined, loaded: false }
    this.#cache.clear()
    this.#editing = undefined
    this.#picker = undefined
    localStorage.setItem(LAST_ROOM_KEY, rid)
    if (switching && this.#thread && this.#thread.rid !== rid) this.closeThreadPanel()
    this.renderSidebar()
    this.#renderRoomHeader()
    this.#timelineList.replaceChildren(h('p', { class: 'muted center' }, 'Loading…'))
    this.#olderButton.hidden = true
    const view = this.#view
    try {
      const { messages } = await this.api.get<{ messages: Message[] }>(this.#historyEndpoint(rid), { roomId: rid, count: PAGE })
      if (this.#view !== view) return
      for (const m of messages) view.messages.set(m._id, m)
      view.oldestTs = messages.at(-1)?.ts
      view.hasMore = messages.length === PAGE
      view.lastUpdate = maxIso(this.rooms.get(rid)?._updatedAt, ...messages.map((m) => m._updatedAt))
      view.loaded = true
    } catch (error) {
      if (this.#view !== view) return
      this.#report(error)
      this.#timelineList.replaceChildren(h('p', { class: 'muted center' }, `Could not load the history: ${errorText(error)}`), h('button', { class: 'link', onclick: () => void this.openRoom(rid) }, 'Retry'))
      return
    }
    this.renderTimeline()
    this.#scrollToBottom()
    this.#composerInput.focus()
    this.#markRead()
  }

  #historyEndpoint(rid: string): string {
    const t = this.subs.get(rid)?.t ?? this.rooms.get(rid)?.t
    return t === 'd' ? 'dm.history' : t === 'p' ? 'groups.history' : 'channels.history'
  }

  #renderRoomHeader(): void {
    const view = this.#view
    if (!view) return
    const room = this.rooms.get(view.rid)
    const sub = this.subs.get(view.rid)
    const lang = h('select', {
        'data-testid': 'translate-lang',
        'aria-label': 'Translate to',
        onchange: (e: Event) => {
          this.#lang = (e.target as HTMLSelectElement).value
          localStorage.setItem(LANG_KEY, this.#lang)
          this.renderTimeline()
          this.#renderThread()
        },
      },
      LANGUAGES.map(([code, name]) => h('option', { value: code, selected: code === this.#lang, title: name }, code.toUpperCase())),
    )
    replaceChildren(this.#roomHeader,
      h('div', { class: 'room-title' },
        h('h1', { 'data-testid': 'room-title' }, (sub?.t ?? room?.t) === 'd' ? '@ ' : (sub?.t ?? room?.t) === 'p' ? icon('lock') : '# ', this.roomLabel(view.rid)),
        room?.topic && h('p', { class: 'topic muted' }, emojify(room.topic)),
      ),
      h('div', { class: 'room-tools' },
        h('label', { class: 'small muted lang', title: 'Translate messages to' }, icon('globe'), lang),
        h('button', { class: 'tool', 'data-testid': 'threads-button', onclick: () => void this.openThreadList() }, icon('thread'), ' Threads'),
        h('button', { class: 'tool', 'data-testid': 'pinned-button', title: 'Pinned messages', 'aria-label': 'Pinned messages', onclick: () => void this.openMessageList('pinned') }, icon('pin')),
        h('button', { class: 'tool', 'data-testid': 'starred-button', title: 'Starred messages', 'aria-label': 'Starred messages', onclick: () => void this.openMessageList('starred') }, icon('star')),
        h('input', {
          type: 'search',
          class: 'room-search',
          placeholder: 'Search',
          'aria-label': 'Search messages',
          'data-testid': 'search-input',
          onkeydown: (e: KeyboardEvent) => {
            const value = (e.target as HTMLInputElement).value.trim()
            if (e.key === 'Enter' && value) void this.openMessageList('search', value)
          },
        }),
      ),
    )
  }

  async loadOlder(): Promise<void> {
    const view = this.#view
    if (!view || view.loadingOlder || !view.hasMore || !view.oldestTs) return
    view.loadingOlder = true
    this.#olderButton.textContent = 'Loading…'
    const before = this.#timeline.scrollHeight - this.#timeline.scrollTop
    try {
      const { messages } = await this.api.get<{ messages: Message[] }>(this.#historyEndpoint(view.rid), { roomId: view.rid, count: PAGE, latest: view.oldestTs })
      if (this.#view !== view) return
      for (const m of messages) if (!view.messages.has(m._id)) view.messages.set(m._id, m)
      view.oldestTs = messages.at(-1)?.ts ?? view.oldestTs
      view.hasMore = messages.length === PAGE
      this.renderTimeline()
      this.#timeline.scrollTop = this.#timeline.scrollHeight - before
    } catch (error) {
      this.#report(error)
    } finally {
      view.loadingOlder = false
      this.#olderButton.textContent = 'Load older messages'
    }
  }

  /** Timeline messages, oldest first: channel-visible messages (not hidden thread replies). */
  #ordered(view: RoomView): Message[] {
    return [...view.messages.values()].filter((m) => !m.tmid || m.tshow).sort((a, b) => a.ts.localeCompare(b.ts))
  }

  renderTimeline(): void {
    const view = this.#view
    if (!view?.loaded) return
    const atBottom = this.#isAtBottom()
    const list = this.#ordered(view)
    const els: HTMLElement[] = []
    const seen = new Set<string>()
    if (!view.hasMore) els.push(this.#cached(this.#cache, '__start', 'start', () => h('p', { class: 'muted center start' }, `This is the start of ${this.roomLabel(view.rid)}.`)))
    for (const m of list) {
      seen.add(m._id)
      els.push(this.#cached(this.#cache, m._id, this.#signature(m), () => this.#messageEl(m, { where: 'room' })))
    }
    for (const id of [...this.#cache.keys()]) if (!seen.has(id) && id !== '__start') this.#cache.delete(id)
    reconcile(this.#timelineList, els)
    this.#olderButton.hidden = !view.hasMore
    if (atBottom) this.#scrollToBottom()
  }

  #cached(cache: Map<string, { el: HTMLElement; sig: string }>, id: string, sig: string, build: () => HTMLElement): HTMLElement {
    const hit = cache.get(id)
    if (hit && (hit.sig === sig || this.#editing === id)) return hit.el
    const el = build()
    cache.set(id, { el, sig })
    return el
  }

  #signature(m: Message): string {
    return [m._updatedAt, m.tcount ?? '', this.#lang, this.#editing === m._id, this.#picker === m._id, this.#confirmDelete === m._id, JSON.stringify(m.translations ?? {})].join('|')
  }

  #isAtBottom(): boolean {
    const t = this.#timeline
    return t.scrollHeight - t.scrollTop - t.clientHeight < 60
  }

  #scrollToBottom(): void {
    this.#timeline.scrollTop = this.#timeline.scrollHeight
  }

  // ---- one message ----------------------------------------------------------------------------

  #messageEl(m: Message, ctx: MessageContext): HTMLElement {
    const me = this.me!
    if (m.t) return this.#systemEl(m)
    const own = m.u._id === me._id
    const starred = (m.starred ?? []).some((s) => s._id === me._id)
    const translation = m.translations?.[this.#lang] ?? (m.translations ? Object.entries(m.translations)[0]?.[1] : undefined)
    const translationLang = m.translations?.[this.#lang] !== undefined ? this.#lang : m.translations ? Object.keys(m.translations)[0] : undefined
    const body = this.#editing === m._id ? this.#editForm(m) : h('div', { class: 'msg-text', 'data-testid': 'message-text' }, renderMd(m.md, m.msg))
    const el = h('article', { class: `msg${own ? ' own' : ''}${m.pinned ? ' pinned' : ''}`, 'data-testid': 'message', 'data-id': m._id, 'data-own': own ? 'true' : 'false' },
      avatar(m.u.username, m.u.name),
      h('div', { class: 'msg-body' },
        h('header', { class: 'msg-meta' },
          h('strong', null, m.u.name ?? m.u.username),
          h('span', { class: 'muted small' }, `@${m.u.username}`),
          h('time', { class: 'muted small', datetime: m.ts, title: new Date(m.ts).toLocaleString() }, time(m.ts)),
          m.editedAt && h('span', { class: 'tag', 'data-testid': 'edited', title: `Edited by ${m.editedBy?.username ?? ''} ${time(m.editedAt)}` }, 'edited'),
          m.pinned && h('span', { class: 'tag tag-pin', 'data-testid': 'pinned' }, icon('pin', { size: 11 }), ' pinned'),
          starred && h('span', { class: 'tag tag-star', 'data-testid': 'starred' }, '★ starred'),
          m.tmid && m.tshow && ctx.where === 'room' && h('span', { class: 'tag' }, 'replied in a thread'),
        ),
        body,
        (m.attachments ?? []).map((a) =>
          h('div', { class: 'attachment' }, a.title_link ? icon('file', { size: 14 }) : '', a.title ?? a.description ?? a.text ?? 'attachment', a.text && a.title ? h('div', { class: 'muted small' }, a.text) : null),
        ),
        translation !== undefined &&
          h('div', { class: 'msg-translation', 'data-testid': 'translation' }, h('span', { class: 'tag' }, icon('globe', { size: 11 }), ` ${translationLang}`), ' ', emojify(translation)),
        this.#reactionsEl(m),
        ctx.where === 'room' && (m.tcount ?? 0) > 0 &&
          h('button', { class: 'thread-link', 'data-testid': 'thread-link', onclick: () => void this.openThread(m._id) },
            icon('thread', { size: 14 }), ` ${m.tcount} ${m.tcount === 1 ? 'reply' : 'replies'}`, m.tlm ? h('span', { class: 'muted small' }, ` · last ${time(m.tlm)}`) : null,
            (m.replies ?? []).includes(me._id) ? h('span', { class: 'muted small' }, ' · following') : null,
          ),
        this.#picker === m._id && this.#pickerEl(m),
      ),
      this.#actionsEl(m, ctx, own, starred),
    )
    return el
  }

  #systemEl(m: Message): HTMLElement {
    const who = m.u.name ?? m.u.username
    const quoted = m.attachments?.[0]?.text
    const text: Record<string, string> = {
      uj: 'joined the channel',
      ul: 'left the channel',
      ujt: 'joined the team',
      au: `added @${m.msg}`,
      ru: `removed @${m.msg}`,
      rm: 'Message removed',
      message_pinned: 'pinned a message',
      room_changed_topic: `changed the topic to: ${m.msg}`,
      'discussion-created': `started a discussion: ${m.msg}`,
    }
    return h('div', { class: `msg msg-system${m.t === 'rm' ? ' removed' : ''}`, 'data-testid': m.t === 'rm' ? 'message-removed' : 'system-message', 'data-id': m._id },
      h('span', { class: 'muted small' }, time(m.ts)), ' ',
      m.t === 'rm' ? h('em', null, 'Message removed') : [h('strong', null, who), ' ', text[m.t ?? ''] ?? `${m.t}: ${m.msg}`],
      quoted ? h('blockquote', { class: 'small' }, emojify(quoted)) : null,
    )
  }

  #reactionsEl(m: Message): HTMLElement | null {
    const entries = Object.entries(m.reactions ?? {})
    if (entries.length === 0) return null
    return h('div', { class: 'reactions' },
      entries.map(([code, r]) => {
        const mine = r.usernames.includes(this.me!.username)
        return h('button', {
            class: `reaction${mine ? ' mine' : ''}`,
            'data-testid': 'reaction',
            'data-emoji': code,
            title: `${r.usernames.join(', ')} reacted with ${code}`,
            'aria-pressed': mine ? 'true' : 'false',
            onclick: () => void this.react(m, code),
          },
          emoji(code), ' ', h('span', { class: 'count' }, String(r.usernames.length)),
        )
      }),
    )
  }

  #pickerEl(m: Message): HTMLElement {
    return h('div', { class: 'picker', role: 'menu', 'data-testid': 'emoji-picker' },
      REACTIONS.map((code) => h('button', { class: 'picker-emoji', role: 'menuitem', 'data-testid': 'emoji-option', 'data-emoji': code, title: code, onclick: () => void this.react(m, code) }, emoji(code))),
    )
  }

  #actionsEl(m: Message, ctx: MessageContext, own: boolean, starred: boolean): HTMLElement {
    const admin = this.me?.roles?.includes('admin') ?? false
    const act = (action: string, label: string, glyph: Node | string, run: () => void, extra = '') =>
      h('button', { class: `act${extra}`, 'data-action': action, 'aria-label': label, title: label, onclick: run }, glyph)
    const confirming = this.#confirmDelete === m._id
    return h('div', { class: 'msg-actions', role: 'toolbar', 'aria-label': 'Message actions' },
      act('react', 'Add reaction', icon('smile'), () => this.#togglePicker(m._id)),
      ctx.where === 'room' && act('thread', 'Reply in thread', icon('thread'), () => void this.openThread(m._id)),
      (own || admin) && act('edit', 'Edit', icon('edit'), () => this.#startEdit(m._id)),
      (own || admin) && act('delete', confirming ? 'Confirm delete' : 'Delete', confirming ? 'Delete?' : icon('trash'), () => void this.remove(m), confirming ? ' danger' : ''),
      act('pin', m.pinned ? 'Unpin' : 'Pin', icon('pin', { filled: m.pinned === true }), () => void this.pin(m)),
      act('star', starred ? 'Unstar' : 'Star', icon('star', { filled: starred }), () => void this.star(m, !starred)),
      act('translate', `Translate to ${this.#lang}`, icon('globe'), () => void this.translate(m)),
    )
  }

  #editForm(m: Message): HTMLElement {
    const input = h('textarea', { class: 'edit-input', 'data-testid': 'edit-input', rows: 2, 'aria-label': 'Edit message' })
    input.value = m.msg
    const save = () => void this.edit(m, input.value)
    const form = h('form', {
        class: 'edit-form',
        onsubmit: (e: Event) => {
          e.preventDefault()
          save()
        },
      },
      input,
      h('div', { class: 'edit-buttons' },
        h('button', { type: 'submit', class: 'primary small', 'data-testid': 'edit-save' }, 'Save'),
        h('button', { type: 'button', class: 'small', onclick: () => this.#stopEdit() }, 'Cancel'),
        h('span', { class: 'muted small' }, 'Enter to save · Esc to cancel'),
      ),
    )
    submitOnEnter(input, save)
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.#stopEdit()
    })
    queueMicrotask(() => {
      input.focus()
      input.setSelectionRange(input.value.length, input.value.length)
    })
    return form
  }

  #startEdit(id: string): void {
    for (const key of [this.#editing, id]) {
      if (!key) continue
      this.#cache.delete(key)
      this.#threadCache.delete(key)
    }
    this.#editing = id
    this.#picker = undefined
    this.#rerender()
  }

  #stopEdit(): void {
    const id = this.#editing
    this.#editing = undefined
    if (id) {
      this.#cache.delete(id)
      this.#threadCache.delete(id)
    }
    this.#rerender()
  }

  #togglePicker(id: string): void {
    this.#picker = this.#picker === id ? undefined : id
    this.#rerender()
  }

  #rerender(): void {
    this.renderTimeline()
    this.#renderThread()
  }

  // ---- actions ---------------------------------------------------------------------------------

  async send(): Promise<void> {
    const view = this.#view
    const text = this.#composerInput.value.trim()
    if (!view || !text) return
    this.#composerInput.disabled = true
    try {
      const { message } = await this.api.post<{ message: Message }>('chat.postMessage', { roomId: view.rid, text })
      this.#composerInput.value = ''
      this.#upsert(message)
      this.renderTimeline()
      this.#scrollToBottom()
      void this.syncNow()
    } catch (error) {
      this.#report(error)
    } finally {
      this.#composerInput.disabled = false
      this.#composerInput.focus()
    }
  }

  async edit(m: Message, text: string): Promise<void> {
    const trimmed = text.trim()
    if (!trimmed) return
    try {
      const { message } = await this.api.post<{ message: Message }>('chat.update', { roomId: m.rid, msgId: m._id, text: trimmed })
      this.#editing = undefined
      this.#cache.delete(m._id)
      this.#threadCache.delete(m._id)
      this.#upsert(message)
      this.#rerender()
    } catch (error) {
      this.#report(error)
    }
  }

  async remove(m: Message): Promise<void> {
    if (this.#confirmDelete !== m._id) {
      this.#confirmDelete = m._id
      this.#rerender()
      setTimeout(() => {
        if (this.#confirmDelete === m._id) {
          this.#confirmDelete = undefined
          this.#rerender()
        }
      }, 3000)
      return
    }
    this.#confirmDelete = undefined
    await this.#act(() => this.api.post('chat.delete', { roomId: m.rid, msgId: m._id }))
  }

  async react(m: Message, code: string): Promise<void> {
    this.#picker = undefined
    await this.#act(() => this.api.post('chat.react', { messageId: m._id, emoji: code }))
  }

  async pin(m: Message): Promise<void> {
    await this.#act(() => this.api.post(m.pinned ? 'chat.unPinMessage' : 'chat.pinMessage', { messageId: m._id }))
  }

  async star(m: Message, on: boolean): Promise<void> {
    await this.#act(() => this.api.post(on ? 'chat.starMessage' : 'chat.unStarMessage', { messageId: m._id }))
  }

  async translate(m: Message): Promise<void> {
    await this.#act(async () => {
      const { message } = await this.api.post<{ message: Message }>('autotranslate.translateMessage', { messageId: m._id, targetLanguage: this.#lang })
      if (message) this.#upsert(message)
    })
  }

  async follow(tmid: string, on: boolean): Promise<void> {
    await this.#act(async () => {
      await this.api.post(on ? 'chat.followMessage' : 'chat.unfollowMessage', { mid: tmid })
      const { message } = await this.api.get<{ message: Message }>('chat.getMessage', { msgId: tmid })
      this.#upsert(message)
    })
  }

  /** Run a write, re-render, and pull the changes it made through the sync endpoint. */
  async #act(run: () => Promise<unknown>): Promise<void> {
    try {
      await run()
      this.#rerender()
      await this.syncNow()
    } catch (error) {
      this.#rerender()
      this.#report(error)
    }
  }

  /** Puts a message where it belongs: the room timeline, the open thread, or both. */
  #upsert(m: Message): void {
    const view = this.#view
    if (view && m.rid === view.rid) {
      const known = view.messages.has(m._id)
      const inRange = !view.oldestTs || m.ts >= view.oldestTs || !view.hasMore
      // Newer copies only (a poll may still carry an older one); `lastUpdate` moves with polls only,
      // since a write's response shares its `_updatedAt` with the other records it touched.
      if ((known || inRange) && isNewer(m, view.messages.get(m._id))) view.messages.set(m._id, m)
    }
    const thread = this.#thread
    if (thread?.mode === 'thread') {
      if (m._id === thread.tmid) {
        if (isNewer(m, thread.root)) thread.root = m
      } else if (m.tmid === thread.tmid && isNewer(m, thread.replies.get(m._id))) thread.replies.set(m._id, m)
    } else if (thread?.mode === 'list' && m.rid === thread.rid && m.tcount !== undefined) {
      const i = thread.threads.findIndex((t) => t._id === m._id)
      if (i >= 0) thread.threads[i] = m
    } else if (thread?.mode === 'messages') {
      const i = thread.messages.findIndex((t) => t._id === m._id)
      if (i >= 0) thread.messages[i] = m
    }
  }

  #drop(id: string): void {
    this.#view?.messages.delete(id)
    const thread = this.#thread
    if (thread?.mode === 'thread') thread.replies.delete(id)
    if (thread?.mode === 'list') thread.threads = thread.threads.filter((t) => t._id !== id)
    if (thread?.mode === 'messages') thread.messages = thread.messages.filter((t) => t._id !== id)
  }

  // ---- threads ---------------------------------------------------------------------------------

  async openThreadList(): Promise<void> {
    const rid = this.#view?.rid
    if (!rid) return
    const panel: ThreadPanel = { mode: 'list', rid, threads: [], loading: true }
    this.#thread = panel
    this.#renderThread()
    try {
      const { threads } = await this.api.get<{ threads: Message[] }>('chat.getThreadsList', { rid, count: 50 })
      panel.threads = threads
    } catch (error) {
      this.#report(error)
    }
    panel.loading = false
    if (this.#thread === panel) this.#renderThread()
  }

  async openThread(tmid: string): Promise<void> {
    const rid = this.#view?.rid
    if (!rid) return
    const root = this.#view?.messages.get(tmid) ?? (this.#thread?.mode === 'list' ? this.#thread.threads.find((t) => t._id === tmid) : undefined)
    const panel: ThreadPanel = { mode: 'thread', rid, tmid, root, replies: new Map(), loading: true }
    this.#thread = panel
    this.#threadCache.clear()
    this.#renderThread()
    try {
      const [rootRes, replies] = await Promise.all([
        this.api.get<{ message: Message }>('chat.getMessage', { msgId: tmid }),
        this.api.get<{ messages: Message[] }>('chat.getThreadMessages', { tmid, count: 100 }),
      ])
      panel.root = rootRes.message
      for (const m of replies.messages) panel.replies.set(m._id, m)
    } catch (error) {
      this.#report(error)
    }
    panel.loading = false
    if (this.#thread === panel) {
      this.#renderThread()
      const list = this.#threadAside.querySelector('.thread-replies')
      if (list) list.scrollTop = list.scrollHeight
      this.#threadAside.querySelector<HTMLTextAreaElement>('textarea.thread-input')?.focus()
    }
  }

  closeThreadPanel(): void {
    this.#thread = undefined
    this.#threadCache.clear()
    this.#renderThread()
  }

  async sendReply(input: HTMLTextAreaElement): Promise<void> {
    const thread = this.#thread
    const text = input.value.trim()
    if (thread?.mode !== 'thread' || !text) return
    input.disabled = true
    try {
      const { message } = await this.api.post<{ message: Message }>('chat.sendMessage', { message: { rid: thread.rid, tmid: thread.tmid, msg: text } })
      input.value = ''
      this.#upsert(message)
      this.#renderThread()
      const list = this.#threadAside.querySelector('.thread-replies')
      if (list) list.scrollTop = list.scrollHeight
      void this.syncNow()
    } catch (error) {
      this.#report(error)
    } finally {
      input.disabled = false
      input.focus()
    }
  }

  #threadInput = h('textarea', { class: 'composer-input thread-input', rows: 1, placeholder: 'Reply in thread', 'data-testid': 'thread-input', 'aria-label': 'Reply' })
  #threadList = h('div', { class: 'thread-replies', 'data-testid': 'thread-replies' })
  #threadBody = h('div', { class: 'thread-body' },
    this.#threadList,
    h('form', {
        class: 'composer',
        'data-testid': 'thread-composer',
        onsubmit: (e: Event) => {
          e.preventDefault()
          void this.sendReply(this.#threadInput)
        },
      },
      this.#threadInput,
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'thread-send' }, 'Reply'),
    ),
  )

  #renderThread(): void {
    const panel = this.#thread
    const aside = this.#threadAside
    aside.hidden = !panel
    if (!panel) {
      aside.replaceChildren()
      return
    }
    const close = h('button', { class: 'tool', 'aria-label': 'Close', 'data-testid': 'thread-close', onclick: () => this.closeThreadPanel() }, icon('close'))
    if (panel.mode === 'messages') {
      const spec = LISTS[panel.list]
      replaceChildren(aside,
        h('header', { class: 'thread-header' }, h('h2', null, spec.title, panel.list === 'search' ? h('span', { class: 'muted small' }, ` “${panel.text}”`) : null), close),
        h('div', { class: 'thread-list', 'data-testid': 'message-list', 'data-list': panel.list },
          panel.loading && panel.messages.length === 0 ? h('p', { class: 'muted center' }, 'Loading…') : null,
          !panel.loading && panel.messages.length === 0 ? h('p', { class: 'muted center' }, spec.empty) : null,
          panel.messages.map((m) =>
            h('div', { class: 'thread-item', 'data-testid': 'list-item', 'data-id': m._id },
              h('div', { class: 'msg-meta' }, avatar(m.u.username, m.u.name), h('strong', null, m.u.name ?? m.u.username), h('span', { class: 'muted small' }, time(m.ts))),
              h('div', { class: 'msg-text' }, renderMd(m.md, m.msg || m.attachments?.[0]?.title || '')),
              m.tcount ? h('button', { class: 'thread-link', onclick: () => void this.openThread(m._id) }, icon('thread', { size: 14 }), ` ${m.tcount} ${m.tcount === 1 ? 'reply' : 'replies'}`) : null,
            ),
          ),
        ),
      )
      return
    }
    if (panel.mode === 'list') {
      replaceChildren(aside,
        h('header', { class: 'thread-header' }, h('h2', null, 'Threads'), close),
        h('div', { class: 'thread-list', 'data-testid': 'thread-list' },
          panel.loading ? h('p', { class: 'muted center' }, 'Loading…') : null,
          !panel.loading && panel.threads.length === 0 ? h('p', { class: 'muted center' }, 'No threads in this room yet.') : null,
          panel.threads.map((t) =>
            h('button', { class: 'thread-item', 'data-testid': 'thread-item', 'data-id': t._id, onclick: () => void this.openThread(t._id) },
              h('div', { class: 'msg-meta' }, avatar(t.u.username, t.u.name), h('strong', null, t.u.name ?? t.u.username), h('span', { class: 'muted small' }, time(t.ts))),
              h('div', { class: 'thread-excerpt' }, emojify(t.msg || '(attachment)')),
              h('div', { class: 'muted small' }, `${t.tcount ?? 0} ${t.tcount === 1 ? 'reply' : 'replies'} · last ${time(t.tlm)}`, (t.replies ?? []).includes(this.me!._id) ? ' · following' : ''),
            ),
          ),
        ),
      )
      return
    }
    const me = this.me!
    const following = (panel.root?.replies ?? []).includes(me._id)
    const header = h('header', { class: 'thread-header' },
      h('button', { class: 'tool', 'aria-label': 'All threads', title: 'All threads', onclick: () => void this.openThreadList() }, icon('back')),
      h('h2', null, 'Thread'),
      h('button', {
          class: `tool${following ? ' on' : ''}`,
          'data-testid': 'follow-button',
          'aria-pressed': following ? 'true' : 'false',
          onclick: () => void this.follow(panel.tmid, !following),
        },
        icon('bell', { filled: following }), following ? ' Following' : ' Follow',
      ),
      close,
    )
    const els: HTMLElement[] = []
    if (panel.root) els.push(this.#cached(this.#threadCache, panel.root._id, `root|${this.#signature(panel.root)}`, () => this.#messageEl(panel.root!, { where: 'thread' })))
    const count = panel.root?.tcount ?? panel.replies.size
    els.push(this.#cached(this.#threadCache, '__sep', `${count}`, () => h('div', { class: 'thread-sep muted small' }, `${count} ${count === 1 ? 'reply' : 'replies'}`)))
    for (const m of [...panel.replies.values()].sort((a, b) => a.ts.localeCompare(b.ts))) {
      els.push(this.#cached(this.#threadCache, m._id, this.#signature(m), () => this.#messageEl(m, { where: 'thread' })))
    }
    if (panel.loading) els.push(h('p', { class: 'muted center' }, 'Loading…'))
    reconcile(this.#threadList, els)
    // Keep the body (and a focused reply box) in place; only the header is rebuilt.
    if (this.#threadBody.parentElement !== aside) aside.replaceChildren(header, this.#threadBody)
    else aside.replaceChild(header, aside.firstElementChild!)
  }

  // ---- sync ------------------------------------------------------------------------------------

  #startPolling(): void {
    this.#stopPolling()
    this.#timer = setInterval(() => void this.syncNow(), this.#pollMs)
  }

  #stopPolling(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** Poll now (or right after the poll in flight). */
  syncNow(): Promise<void> {
    if (this.#polling) {
      this.#pollAgain = true
      return this.#polling
    }
    this.#polling = this.#poll().finally(() => {
      this.#polling = undefined
      if (this.#pollAgain) {
        this.#pollAgain = false
        void this.syncNow()
      }
    })
    return this.#polling
  }

  async #poll(): Promise<void> {
    if (!this.me || !this.api.session) return
    const view = this.#view?.loaded ? this.#view : undefined
    const [subs, rooms, sync] = await Promise.allSettled([
      this.api.get<Changes<Subscription>>('subscriptions.get', { updatedSince: this.#subsSince }),
      this.api.get<Changes<Room>>('rooms.get', { updatedSince: this.#roomsSince }),
      view
        ? this.api.get<{ result: { updated: Message[]; deleted: Array<{ _id: string; _deletedAt: string }> } }>('chat.syncMessages', {
            roomId: view.rid,
            lastUpdate: view.lastUpdate ?? new Date(0).toISOString(),
          })
        : Promise.resolve(undefined),
    ])
    if (!this.me) return
    let sidebar = false
    if (subs.status === 'fulfilled') {
      sidebar ||= subs.value.update.length > 0 || subs.value.remove.length > 0
      this.#mergeSubs(subs.value)
    } else this.#report(subs.reason)
    if (rooms.status === 'fulfilled') {
      sidebar ||= rooms.value.update.length > 0 || rooms.value.remove.length > 0
      this.#mergeRooms(rooms.value)
    } else this.#report(rooms.reason)
    if (sidebar) this.renderSidebar()
    if (sync.status === 'rejected') this.#report(sync.reason)
    else if (sync.value && view && this.#view === view) {
      const { updated, deleted } = sync.value.result
      let fresh = false
      for (const m of updated) {
        if (!view.messages.has(m._id) && m.u._id !== this.me._id && (!m.tmid || m.tshow)) fresh = true
        this.#upsert(m)
        view.lastUpdate = maxIso(view.lastUpdate, m._updatedAt)
      }
      for (const d of deleted) {
        this.#drop(d._id)
        view.lastUpdate = maxIso(view.lastUpdate, d._deletedAt)
      }
      if (updated.length || deleted.length) {
        this.#rerender()
        const side = this.#thread
        if (side?.mode === 'list' && updated.some((m) => m.tmid || m.tcount !== undefined)) void this.#refreshThreadList()
        if (side?.mode === 'messages' && side.list !== 'search' && !side.loading) void this.openMessageList(side.list, side.text)
      }
      if (fresh) this.#markRead()
    }
  }

  /** Pinned, starred or found messages of the room, in the side panel. */
  async openMessageList(list: MessageList, text = ''): Promise<void> {
    const rid = this.#view?.rid
    if (!rid) return
    const previous = this.#thread
    const panel: ThreadPanel = { mode: 'messages', rid, list, text, messages: previous?.mode === 'messages' && previous.list === list ? previous.messages : [], loading: true }
    this.#thread = panel
    this.#renderThread()
    try {
      const query = list === 'search' ? { roomId: rid, searchText: text, count: 50 } : { roomId: rid, count: 50 }
      const { messages } = await this.api.get<{ messages: Message[] }>(LISTS[list].endpoint, query)
      panel.messages = messages
    } catch (error) {
      this.#report(error)
    }
    panel.loading = false
    if (this.#thread === panel) this.#renderThread()
  }

  async #refreshThreadList(): Promise<void> {
    const panel = this.#thread
    if (panel?.mode !== 'list') return
    try {
      const { threads } = await this.api.get<{ threads: Message[] }>('chat.getThreadsList', { rid: panel.rid, count: 50 })
      panel.threads = threads
      if (this.#thread === panel) this.#renderThread()
    } catch (error) {
      this.#report(error)
    }
  }

  #markRead(): void {
    const rid = this.#view?.rid
    if (!rid || document.visibilityState !== 'visible') return
    if (this.#markReadTimer) clearTimeout(this.#markReadTimer)
    this.#markReadTimer = setTimeout(() => {
      this.#markReadTimer = undefined
      const sub = this.subs.get(rid)
      if (!sub || (!sub.alert && !sub.unread && !(sub.tunread?.length ?? 0))) return
      this.api.post('subscriptions.read', { rid }).then(
        () => void this.syncNow(),
        (error: unknown) => this.#report(error),
      )
    }, 300)
  }

  // ---- errors ----------------------------------------------------------------------------------

  #report(error: unknown): void {
    toast(errorText(error))
    if (error instanceof ApiError && error.status === 401) void this.#checkSession()
  }

  /** A 401: a one-off (an injected fault) changes nothing; a session that is really gone is recovered. */
  async #checkSession(): Promise<void> {
    if (this.#checkingAuth || this.#recovering || !this.api.session) return
    this.#checkingAuth = true
    try {
      await this.api.get('me')
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) await this.#recoverSession()
    } finally {
      this.#checkingAuth = false
    }
  }
}

function readSession(): Session | undefined {
  try {
    const raw = localStorage.getItem(SESSION_KEY)
    if (!raw) return undefined
    const s = JSON.parse(raw) as Partial<Session>
    return typeof s.userId === 'string' && typeof s.authToken === 'string' && typeof s.username === 'string' ? (s as Session) : undefined
  } catch {
    return undefined
  }
}

function submitOnEnter(input: HTMLTextAreaElement, submit: () => void): void {
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault()
      submit()
    }
  })
}

function isNewer(candidate: Message, current: Message | undefined): boolean {
  return !current || Date.parse(candidate._updatedAt) >= Date.parse(current._updatedAt)
}

function maxIso(...values: Array<string | undefined>): string | undefined {
  let best: string | undefined
  for (const v of values) if (v && (!best || Date.parse(v) > Date.parse(best))) best = v
  return best
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
