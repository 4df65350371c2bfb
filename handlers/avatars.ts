import type { Core } from '../src/core.js'
import type { Room } from '../src/db/index.js'
import { userForToken } from '../src/domain/users.js'
import { defineEndpoint } from '../src/endpoint.js'
import { avatarSize, renderAvatarPng, renderAvatarSvg } from '../src/serialize/avatar.js'

/** `Last-Modified` of every generated avatar: a client's `If-Modified-Since` with it gets a 304. */
const FALLBACK_LAST_MODIFIED = 'Thu, 01 Jan 2015 00:00:00 GMT'

/** `userCanAccessAvatar`: open unless `Accounts_AvatarBlockUnauthenticatedAccess` (then `rc_uid`+`rc_token`, query or cookies). */
function canSeeAvatars(core: Core, request: Request, url: URL): boolean {
  if (!core.setting('Accounts_AvatarBlockUnauthenticatedAccess')) return true
  let uid = url.searchParams.get('rc_uid')
  let token = url.searchParams.get('rc_token')
  if (!uid) {
    const cookies = Object.fromEntries(
      (request.headers.get('cookie') ?? '')
        .split(';')
        .map((part) => part.trim().split('=') as [string, string?])
        .filter(([name, value]) => name && value !== undefined),
    ) as Record<string, string>
    uid = cookies.rc_uid ?? null
    token = cookies.rc_token ?? null
  }
  return uid !== null && token !== null && userForToken(core, uid, decodeURIComponent(token)) !== undefined
}

/** `serveSvgAvatarInRequestedFormat` with the cache headers, or 304 / 403 as the server answers. */
function serveAvatar(core: Core, request: Request, name: string, allInitials = false): Response {
  const url = new URL(request.url)
  if (!canSeeAvatars(core, request, url)) return new Response('Forbidden', { status: 403 })
  const cacheTime = Number(url.searchParams.get('cacheTime')) || core.setting('Accounts_AvatarCacheTime')
  const headers: Record<string, string> = {
    'Cache-Control': `public, max-age=${cacheTime}`,
    'Content-Disposition': 'inline',
    'Last-Modified': FALLBACK_LAST_MODIFIED,
  }
  if (request.headers.get('if-modified-since') === FALLBACK_LAST_MODIFIED) return new Response(null, { status: 304, headers })
  const size = avatarSize(url.searchParams.get('size'))
  const format = url.searchParams.get('format')
  if (format === 'png' || format === 'jpg' || format === 'jpeg') {
    const png = renderAvatarPng(name, size ?? 200)
    return new Response(png as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: { ...headers, 'Content-Type': 'image/png', 'Content-Length': String(png.length) },
    })
  }
  const svg = renderAvatarSvg(name, size, allInitials)
  return new Response(svg, { status: 200, headers: { ...headers, 'Content-Type': 'image/svg+xml' } })
}

/** A user's name for the letters: with `UI_Use_Name_Avatar`, their real name (all initials). */
function userAvatar(core: Core, request: Request, username: string): Response {
  if (username.startsWith('@')) return serveAvatar(core, request, username.slice(1))
  if (core.setting('UI_Use_Name_Avatar')) {
    const user = core.db.users.unique('username', username.toLowerCase())
    if (user?.name) return serveAvatar(core, request, user.name, true)
  }
  return serveAvatar(core, request, username)
}

/** `GET /avatar/:username`: any name gets its letters (an unknown username too: 200, not 404). */
export const avatarByUsername = defineEndpoint({
  method: 'GET',
  path: '/avatar/:username',
  auth: false,
  handle: ({ core, params, request }) => userAvatar(core, request, params.username!),
})

/** `GET /avatar/uid/:id`: by user id; an unknown id is a 404. */
export const avatarByUserId = defineEndpoint({
  method: 'GET',
  path: '/avatar/uid/:id',
  auth: false,
  handle: ({ core, params, request }) => {
    const user = core.db.users.get(params.id!)
    if (!user) return new Response(null, { status: 404 })
    return userAvatar(core, request, user.username)
  },
})

function roomAvatarName(room: Room): string {
  return room.fname ?? room.name ?? room.usernames?.join(' ') ?? '?'
}

/** `GET /avatar/room/:rid`: the room's letters by its display name; an unknown room is a 404. */
export const avatarByRoom = defineEndpoint({
  method: 'GET',
  path: '/avatar/room/:rid',
  auth: false,
  handle: ({ core, params, request }) => {
    const room = core.db.rooms.get(params.rid!)
    if (!room) return new Response(null, { status: 404 })
    return serveAvatar(core, request, roomAvatarName(room))
  },
})

export const avatarEndpoints = [avatarByUsername, avatarByUserId, avatarByRoom]
