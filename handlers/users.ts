import { z } from 'zod'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import { userByEmail } from '../src/domain/users.js'
import { serializeUserInfo } from '../src/serialize/user.js'

const extras = { includeUserRooms: z.string().optional(), fields: z.string().optional() }
const usersInfoQuery = z.union([
  z.strictObject({ userId: z.string(), ...extras }),
  z.strictObject({ username: z.string(), ...extras }),
  z.strictObject({ email: z.string(), ...extras }),
])

/** `GET users.info`: by `userId`, `username` or (privileged) `email`; rooms on request. */
export const usersInfo = defineEndpoint({
  method: 'GET',
  path: '/api/v1/users.info',
  query: usersInfoQuery,
  handle: ({ core, user: viewer, query }) => {
    const privileged = core.hasPermission(viewer, 'view-full-other-user-info')
    const user =
      'userId' in query
        ? core.db.users.get(query.userId)
        : 'username' in query
          ? core.db.users.unique('username', query.username.toLowerCase())
          : privileged
            ? userByEmail(core, query.email)
            : undefined
    if (!user) throw errors.userNotFound()
    const info: Record<string, unknown> = serializeUserInfo(core, user, viewer)
    if (query.includeUserRooms === 'true' && (viewer._id === user._id || core.hasPermission(viewer, 'view-other-user-channels'))) {
      info.rooms = core.db.subscriptions
        .sorted('user', user._id)
        .map((s) => ({ _id: s._id, rid: s.rid, name: s.name, t: s.t, unread: s.unread, ...(s.roles ? { roles: s.roles } : {}) }))
        .sort((a, b) => (a.t === b.t ? a.name.localeCompare(b.name) : a.t < b.t ? -1 : 1))
    }
    return { user: info }
  },
})

export const userEndpoints = [usersInfo]
