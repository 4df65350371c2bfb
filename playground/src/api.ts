/**
 * A small REST client for Rocket.Chat's API, the way any web client talks to a server: `fetch`,
 * `X-User-Id` / `X-Auth-Token`, and the `{ success, error }` envelope. Nothing here knows the
 * server is a mock.
 */

export interface UserRef {
  _id: string
  username: string
  name?: string
}

export interface Reaction {
  usernames: string[]
  names?: string[]
}

export interface Attachment {
  title?: string
  text?: string
  description?: string
  title_link?: string
  image_url?: string
  type?: string
}

export interface Message {
  _id: string
  rid: string
  msg: string
  ts: string
  u: UserRef
  _updatedAt: string
  t?: string
  md?: MdNode[]
  tmid?: string
  tshow?: boolean
  tcount?: number
  tlm?: string
  replies?: string[]
  reactions?: Record<string, Reaction>
  pinned?: boolean
  pinnedBy?: UserRef
  starred?: Array<{ _id: string }>
  editedAt?: string
  editedBy?: UserRef
  translations?: Record<string, string>
  attachments?: Attachment[]
  mentions?: UserRef[]
  drid?: string
  dcount?: number
}

export interface MdNode {
  type: string
  value?: unknown
  [key: string]: unknown
}

export interface Room {
  _id: string
  t: 'c' | 'p' | 'd' | string
  name?: string
  fname?: string
  topic?: string
  usernames?: string[]
  uids?: string[]
  usersCount?: number
  msgs?: number
  lm?: string
  lastMessage?: Message
  _updatedAt: string
  ro?: boolean
}

export interface Subscription {
  _id: string
  rid: string
  t: string
  name: string
  fname?: string
  open?: boolean
  alert?: boolean
  unread?: number
  userMentions?: number
  groupMentions?: number
  tunread?: string[]
  roles?: string[]
  ls?: string
  _updatedAt: string
}

export interface Me extends UserRef {
  roles?: string[]
  status?: string
}

export interface Session {
  userId: string
  authToken: string
  username: string
}

export interface Removed {
  _id: string
  _deletedAt: string
}

export interface Changes<T> {
  update: T[]
  remove: Removed[]
}

/** A failed call: `status` is the HTTP status (or `network`), `message` the server's `error`. */
export class ApiError extends Error {
  constructor(
    readonly status: number | 'network',
    message: string,
    readonly endpoint: string,
    readonly body?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

type Query = Record<string, string | number | boolean | undefined>

export class RestClient {
  session: Session | undefined

  constructor(readonly baseUrl = new URL('/api/', location.origin).href) {}

  get<T>(path: string, query: Query = {}): Promise<T> {
    const url = new URL(`v1/${path}`, this.baseUrl)
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value))
    return this.#call<T>('GET', url, undefined)
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.#call<T>('POST', new URL(`v1/${path}`, this.baseUrl), body)
  }

  async login(user: string, password: string): Promise<{ session: Session; me: Me }> {
    const res = await this.post<{ data: { userId: string; authToken: string; me: Me } }>('login', { user, password })
    this.session = { userId: res.data.userId, authToken: res.data.authToken, username: res.data.me.username }
    return { session: this.session, me: res.data.me }
  }

  async #call<T>(method: string, url: URL, body: unknown): Promise<T> {
    const endpoint = `${method} ${url.pathname.replace(/^.*?(\/api\/)/, '$1')}`
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (this.session) {
      headers['X-User-Id'] = this.session.userId
      headers['X-Auth-Token'] = this.session.authToken
    }
    let response: Response
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? null : JSON.stringify(body) })
    } catch (error) {
      throw new ApiError('network', `Network error: ${error instanceof Error ? error.message : String(error)}`, endpoint)
    }
    const text = await response.text()
    let json: unknown
    try {
      json = text ? JSON.parse(text) : {}
    } catch {
      json = undefined
    }
    const envelope = json as { success?: boolean; error?: unknown; message?: unknown } | undefined
    if (!response.ok || !envelope || envelope.success === false) {
      const reason =
        envelope && typeof envelope.error === 'string' && envelope.error
          ? envelope.error
          : envelope && typeof envelope.message === 'string' && envelope.message
            ? envelope.message
            : `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${endpoint}`
      throw new ApiError(response.status, reason, endpoint, json)
    }
    return json as T
  }
}
