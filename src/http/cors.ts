import type { Core } from '../core.js'

type Handle = (request: Request) => Promise<Response | undefined>

const ALLOW_METHODS = 'GET, POST, PUT, DELETE, HEAD, PATCH'
const ALLOW_HEADERS = 'Origin, X-Requested-With, Content-Type, Accept, X-User-Id, X-Auth-Token, x-visitor-token, Authorization'
const NOT_FOUND = '{"success":false,"error":"Resource not found"}'

/** The origins `API_CORS_Origin` lists (comma-separated, compared lower-cased), or `*`. */
function allowedOrigin(setting: string, origin: string | null): string | undefined {
  if (setting.trim() === '*') return '*'
  if (!origin) return undefined
  const list = setting.split(',').map((o) => o.trim().toLowerCase())
  return list.includes(origin.toLowerCase()) ? origin : undefined
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  // Responses built by handlers have mutable headers; a fetched or error one may not.
  if (response.type === 'error') return response
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
    return response
  } catch {
    const copy = new Response(response.body, response)
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value)
    return copy
  }
}

/** The CORS headers of an answer that is not a preflight (undefined while CORS is off). */
export function corsHeaders(core: Core, origin: string | null): Record<string, string> | undefined {
  if (core.setting('API_Enable_CORS') !== true) return undefined
  const allowed = allowedOrigin(String(core.setting('API_CORS_Origin')), origin)
  const headers: Record<string, string> = { Vary: 'Origin', 'Access-Control-Allow-Methods': ALLOW_METHODS, 'Access-Control-Allow-Headers': ALLOW_HEADERS }
  if (allowed) headers['Access-Control-Allow-Origin'] = allowed
  return headers
}

/**
 * Rocket.Chat's REST CORS, read from the workspace settings on every request (so the admin API
 * and `setSetting` switch it live): with `API_Enable_CORS`, a preflight (`OPTIONS` with `Origin`
 * or `Access-Control-Request-Method`) is answered 200 with the server's allowed methods and
 * headers, or 403 `Invalid origin` for an origin `API_CORS_Origin` does not list; other answers
 * carry `Access-Control-Allow-Origin` (`*`, or the caller's origin when it is listed). Disabled,
 * a preflight is a 405 with the server's text. Unmatched requests become a JSON 404 here, so
 * even they carry the headers a browser needs to read them.
 */
export function withCors(core: () => Core, handle: Handle): Handle {
  return async (request) => {
    const settings = core()
    const enabled = settings.setting('API_Enable_CORS') === true
    const origin = request.headers.get('origin')
    if (request.method === 'OPTIONS' && (origin || request.headers.get('access-control-request-method'))) {
      if (!enabled) return new Response('CORS not enabled. Go to "Admin > General > REST Api" to enable it.', { status: 405 })
      const allowed = allowedOrigin(String(settings.setting('API_CORS_Origin')), origin)
      if (!allowed) return new Response('Invalid origin', { status: 403 })
      const headers: Record<string, string> = {
        'Access-Control-Allow-Origin': allowed,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Content-Length': '0',
      }
      if (allowed !== '*') headers.Vary = 'Origin'
      return new Response(null, { status: 200, headers })
    }
    const response = await handle(request)
    const headers = corsHeaders(settings, origin)
    if (!headers) return response
    const answer =
      response ?? new Response(NOT_FOUND, { status: 404, headers: { 'Content-Type': 'application/json', 'Content-Length': String(NOT_FOUND.length) } })
    return withHeaders(answer, headers)
  }
}
