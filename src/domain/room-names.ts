import type { Core } from '../core.js'
import { roomErrors } from '../errors-rooms.js'

const FALLBACK = /^[0-9a-zA-Z-_.]+$/

/**
 * `getValidRoomName`: the trimmed name must match `UTF8_Channel_Names_Validation` (anchored; a
 * broken pattern falls back to the default one, as on the server), must not be one of
 * `Accounts_SystemBlockedUsernameList`, and must not be taken by another room (an archived
 * holder gets its own error). With `UI_Allow_room_names_with_special_chars` any display name is
 * accepted; a taken one then gets the server's `-1`, `-2`… suffix.
 */
export function validRoomName(core: Core, displayName: string, rid = ''): string {
  const name = displayName
  const special = core.setting('UI_Allow_room_names_with_special_chars')
  if (!special) {
    if (!namePattern(core).test(name) || isBlocked(core, name)) throw roomErrors.invalidRoomName(name)
    const taken = core.db.rooms.unique('name', name)
    if (taken && taken._id !== rid) throw taken.archived ? roomErrors.archivedDuplicateName(name) : roomErrors.duplicateName(name)
    return name
  }
  if (isBlocked(core, name)) throw roomErrors.invalidRoomName(name)
  let candidate = name
  for (let next = 1; core.db.rooms.unique('name', candidate) && core.db.rooms.unique('name', candidate)!._id !== rid; next++) candidate = `${name}-${next}`
  return candidate
}

/** The workspace's name pattern. It is an admin's setting, not client input, so a plain RegExp. */
function namePattern(core: Core): RegExp {
  try {
    return new RegExp(`^${core.setting('UTF8_Channel_Names_Validation')}$`)
  } catch {
    return FALLBACK
  }
}

function isBlocked(core: Core, name: string): boolean {
  const list = core.setting('Accounts_SystemBlockedUsernameList')
  if (!list || typeof list !== 'string') return false
  return list.split(',').includes(name.toLowerCase())
}
