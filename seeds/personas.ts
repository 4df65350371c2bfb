import type { Core } from '../src/core.js'
import type { Room, User } from '../src/db/index.js'
import { createRoom } from '../src/domain/rooms.js'
import { createUser } from '../src/domain/users.js'

/** The four fixed personas; each one's password is its own username. */
export const PERSONAS = [
  { username: 'admin', name: 'Administrator', roles: ['admin', 'user'], status: 'online' },
  { username: 'demo', name: 'Demo User', roles: ['user'], status: 'online' },
  { username: 'alice', name: 'Alice Carter', roles: ['user'], status: 'away' },
  { username: 'bob', name: 'Bob Nguyen', roles: ['user'], status: 'offline' },
] as const

export interface Personas {
  admin: User
  demo: User
  alice: User
  bob: User
}

export function createPersonas(core: Core): Personas {
  const [admin, demo, alice, bob] = PERSONAS.map((p) =>
    createUser(core, { username: p.username, name: p.name, password: p.username, roles: [...p.roles], status: p.status, email: `${p.username}@example.com` }),
  ) as [User, User, User, User]
  return { admin, demo, alice, bob }
}

/** GENERAL: the public default channel every persona is in. */
export function createGeneral(core: Core, personas: Personas, extraMembers: User[] = []): Room {
  const { admin, demo, alice, bob } = personas
  return createRoom(core, {
    _id: 'GENERAL',
    t: 'c',
    name: 'general',
    owner: admin,
    members: [demo, alice, bob, ...extraMembers],
    default: true,
    topic: 'Company-wide announcements and chatter',
  })
}
