import { HttpResponse } from 'msw'
import { z } from 'zod'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import type { Core } from '../src/core.js'
import type { User } from '../src/db/index.js'
import { checkPassword, issueLoginToken, revokeLoginToken, userByEmail, userByToken } from '../src/domain/users.js'
import type { EndpointContext } from '../src/endpoint.js'
import { serializeMe } from '../src/serialize/user.js'

/** The server version the mock imitates (GET /api/info). */
export const SERVER_VERSION = '8.6.0'
/** A fixed build commit for `/api/info` (a mock has no git history of its own). */
const BUILD_COMMIT = '5d6e8b7a3c2f1e0d9b8a7c6f5e4d3c2b1a0f9e8d'

/**
 * `GET /api/info`: the version trimmed to major.minor; a caller with `view-statistics` (valid
 * headers are honoured even though the route needs none) gets the full version and `info`.
 */
export const info = defineEndpoint({
  method: 'GET',
  path: '/api/info',
  auth: false,
  handle: ({ core, user }) => {
    const minimumClientVersions = { desktop: '3.9.6', mobile: '4.39.0' }
    if (!user || !core.hasPermission(user, 'view-statistics')) {
      return { version: SERVER_VERSION.split('.').slice(0, 2).join('.'), minimumClientVersions }
    }
    return {
      version: SERVER_VERSION,
      info: {
        version: SERVER_VERSION,
        build: { nodeVersion: 'v22.16.0', platform: 'linux', arch: 'x64' },
        marketplaceApiVersion: '1.60.0',
        // The server reports the git commit it was built from as an object.
        commit: {
          hash: BUILD_COMMIT,
          date: 'Mon Nov 3 12:00:00 2025 +0000',
          author: 'Rocket.Chat',
          subject: `Release ${SERVER_VERSION}`,
          tag: SERVER_VERSION,
          branch: 'master',
        },
      },
      minimumClientVersions,
    }
  },
})

const loginBody = z.looseObject({
  user: z.unknown().optional(),
  username: z.unknown().optional(),
  email: z.unknown().optional(),
  password: z.unknown().optional(),
  resume: z.unknown().optional(),
})

/**
 * `POST /login`: `{user|username|email, password}` or `{resume: token}`. Every failure is the
 * same 401 `Unauthorized` the server sends.
 */
export const login = defineEndpoint({
  method: 'POST',
  path: '/api/v1/login',
  auth: false,
  body: loginBody,
  handle: ({ core, body, origin }) => {
    const user = typeof body.resume === 'string' && body.resume ? userByToken(core, body.resume) : byPassword(core, body)
    if (!user) throw errors.loginFailed()
    const authToken = issueLoginToken(core, user)
    return { status: 'success', data: { userId: user._id, authToken, me: serializeMe(user, origin) } }
  },
})

function byPassword(core: Core, body: z.infer<typeof loginBody>): User | undefined {
  // `user` is a login name, or the `{ username }` / `{ email }` wrapper the SDKs send.
  const wrapped = body.user !== null && typeof body.user === 'object' ? (body.user as { username?: unknown; email?: unknown }) : undefined
  const id = [wrapped?.username, wrapped?.email, body.user, body.username, body.email].find((v): v is string => typeof v === 'string' && v.length > 0)
  if (id === undefined || typeof body.password !== 'string') return undefined
  const user = id.includes('@') ? userByEmail(core, id) : core.findUser(id)
  return user && user.active !== false && checkPassword(user, body.password) ? user : undefined
}

/** `POST /logout` (GET too, deprecated): revoke the token used; the documented body, no `success`. */
function logoutAction({ core, user, authToken }: EndpointContext<unknown, unknown>) {
  if (authToken) revokeLoginToken(core, user, authToken)
  return HttpResponse.json({ status: 'success', data: { message: "You've been logged out!" } })
}

export const logout = (['POST', 'GET'] as const).map((method) => defineEndpoint({ method, path: '/api/v1/logout', handle: logoutAction }))

export const me = defineEndpoint({
  method: 'GET',
  path: '/api/v1/me',
  handle: ({ user, origin }) => serializeMe(user, origin),
})

export const authEndpoints = [info, login, ...logout, me]
