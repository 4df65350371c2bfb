/**
 * A client that talks to the mock the way the mobile app's SDK (Rocket.Chat.js.SDK, branch
 * `mobile`) does: `get(endpoint, params)` with object values JSON-encoded into the query, `post`
 * with a JSON body, `X-User-Id`/`X-Auth-Token` once logged in. The base URL decides the
 * transport: the harness origin (MSW `setupServer`) or the standalone server's URL (HTTP).
 */
export interface Answer {
  status: number
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
}

export class MobileClient {
  userId: string | undefined
  authToken: string | undefined
  /** Every call made, in order (`GET settings.public`), for asserting a sequence. */
  readonly calls: string[] = []

  constructor(readonly base: string) {}

  async get(endpoint: string, params: Record<string, unknown> = {}): Promise<Answer> {
    const query = Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v))}`)
      .join('&')
    return this.#send('GET', `${this.#url(endpoint)}${query ? `?${query}` : ''}`, endpoint)
  }

  /** A GET of a URL the client builds itself (the app writes some query strings by hand). */
  async getRaw(pathAndQuery: string, label: string): Promise<Answer> {
    return this.#send('GET', `${this.base}${pathAndQuery}`, label)
  }

  async post(endpoint: string, body: unknown): Promise<Answer> {
    return this.#send('POST', this.#url(endpoint), endpoint, JSON.stringify(body))
  }

  /** `POST login {user, password}`, keeping the credentials for the next calls. */
  async login(user: string, password = user): Promise<Answer> {
    const res = await this.post('login', { user, password })
    if (res.status === 200) {
      this.userId = res.body.data.userId
      this.authToken = res.body.data.authToken
    }
    return res
  }

  #url(endpoint: string): string {
    return endpoint.startsWith('/') ? `${this.base}${endpoint}` : `${this.base}/api/v1/${endpoint}`
  }

  async #send(method: string, url: string, label: string, body?: string): Promise<Answer> {
    this.calls.push(`${method} ${label}`)
    const headers: Record<string, string> = {}
    if (this.userId && this.authToken) Object.assign(headers, { 'X-User-Id': this.userId, 'X-Auth-Token': this.authToken })
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body: parsed }
  }
}

/** What a flow needs: fresh clients on one mock, and a way to move the mock's clock. */
export interface FlowContext {
  client(): MobileClient
  /** Wait until the mock's clock has moved past `ms` of now (the mock follows the wall clock). */
  tick(ms?: number): Promise<void>
}

export function newest(items: Array<{ _updatedAt?: string }>): string {
  return items.reduce((max, item) => (item._updatedAt && item._updatedAt > max ? item._updatedAt : max), '')
}
