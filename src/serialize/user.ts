import type { Core } from '../core.js'
import type { User } from '../db/index.js'
import { avatarUrl } from './avatar.js'

/** `services` as `/me` exposes it: whether a password exists, never hashes or tokens. */
function publicServices(user: User) {
  return { password: { exists: user.services.password !== undefined } }
}

/** `GET /me` and the login response's `data.me`; `avatarUrl` on the origin the request came in on. */
export function serializeMe(user: User, origin: string) {
  const email = user.emails.find((e) => e.verified)?.address
  return {
    _id: user._id,
    username: user.username,
    name: user.name,
    emails: user.emails,
    status: user.status,
    statusConnection: user.statusConnection ?? user.status,
    statusText: user.statusText,
    utcOffset: user.utcOffset,
    active: user.active,
    roles: user.roles,
    language: user.language,
    _updatedAt: user._updatedAt,
    ...(email ? { email } : {}),
    avatarUrl: avatarUrl(origin, user.username),
    settings: { profile: {}, preferences: user.settings?.preferences ?? {} },
    isOAuthUser: false,
    services: publicServices(user),
  }
}

/** `users.info`: public fields for everyone; private ones for self and `view-full-other-user-info`. */
export function serializeUserInfo(core: Core, user: User, viewer: User) {
  const canViewAllInfo = viewer._id === user._id || core.hasPermission(viewer, 'view-full-other-user-info')
  const base = {
    _id: user._id,
    username: user.username,
    name: user.name,
    status: user.status,
    statusText: user.statusText,
    utcOffset: user.utcOffset,
    type: user.type,
    active: user.active,
    bio: user.bio,
    nickname: user.nickname,
    avatarETag: user.avatarETag,
    canViewAllInfo,
  }
  if (!canViewAllInfo) return base
  return {
    ...base,
    emails: user.emails,
    statusConnection: user.statusConnection ?? user.status,
    createdAt: user.createdAt,
    lastLogin: user.lastLogin,
    roles: user.roles,
    ...(viewer._id === user._id ? { services: { password: true } } : {}),
  }
}
