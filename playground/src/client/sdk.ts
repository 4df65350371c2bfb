import { DDPSDK } from '@rocket.chat/ddp-client'
import { ApiError } from './types.js'

/**
 * The connection to the server, the way Rocket.Chat's own clients make it: one
 * `@rocket.chat/ddp-client` SDK, whose `rest` (`@rocket.chat/api-client`) carries the REST calls
 * and whose DDP connection carries the streams once the server offers `/websocket`.
 *
 * `rest` rejects with the raw `Response` on an error status; `call()` turns that (and a failed
 * fetch) into an `ApiError` with the server's own `error` text, which the toasts show.
 */
export type Query = Record<string, string | number | boolean | undefined>

export interface Client {
  readonly sdk: DDPSDK
  get<T>(endpoint: string, query?: Query): Promise<T>
  post<T>(endpoint: string, body?: unknown): Promise<T>
  setCredentials(credentials: { userId: string; authToken: string } | undefined): void
}

export function createClient(origin = location.origin): Client {
  // The SDK takes the server's URL: DDP at `<origin>/websocket`, REST at `<origin>/api`.
  const sdk = DDPSDK.create(origin)
  // The typed endpoints of api-client know every route; the playground passes names as strings.
  const rest = sdk.rest as unknown as {
    get(endpoint: string, params?: unknown): Promise<unknown>
    post(endpoint: string, params?: unknown): Promise<unknown>
  }

  const call = async <T>(method: 'GET' | 'POST', endpoint: string, run: () => Promise<unknown>): Promise<T> => {
    try {
      const body = (await run()) as { success?: boolean; error?: string } | undefined
      if (body && body.success === false) throw new ApiError(200, body.error ?? `${endpoint} failed`, endpoint, body)
      return body as T
    } catch (error) {
      if (error instanceof ApiError) throw error
      if (error instanceof Response) {
        const body = (await error.json().catch(() => undefined)) as { error?: unknown; message?: unknown } | undefined
        const text =
          typeof body?.error === 'string' && body.error
            ? body.error
            : typeof body?.message === 'string' && body.message
              ? body.message
              : `HTTP ${error.status} from ${method} ${endpoint}`
        throw new ApiError(error.status, text, endpoint, body)
      }
      throw new ApiError('network', `Network error: ${error instanceof Error ? error.message : String(error)}`, endpoint)
    }
  }

  return {
    sdk,
    get: <T>(endpoint: string, query: Query = {}) => {
      const params = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined))
      return call<T>('GET', endpoint, () => rest.get(`/v1/${endpoint}`, Object.keys(params).length ? params : undefined))
    },
    post: <T>(endpoint: string, body: unknown = {}) => call<T>('POST', endpoint, () => rest.post(`/v1/${endpoint}`, body)),
    // The SDK's REST client signs requests with the account's credentials (and its DDP
    // connection resumes the session with the same token).
    setCredentials(credentials) {
      const account = sdk.account as unknown as { saveCredentials(id: string, token: string, expires: string): void; uid?: string; user?: unknown }
      if (credentials) account.saveCredentials(credentials.userId, credentials.authToken, new Date(Date.now() + 90 * 86_400_000).toISOString())
      else {
        account.uid = undefined
        account.user = undefined
      }
    },
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
