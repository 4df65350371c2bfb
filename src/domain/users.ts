import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { Core } from '../core.js'
import type { User } from '../db/index.js'

export interface NewUser {
  username: string
  name?: string
  password?: string
  roles?: string[]
  email?: string
  status?: User['status']
  utcOffset?: number
  _id?: string
}

/** Create a user (password stored hashed, never in the clear). */
export function createUser(core: Core, input: NewUser): User {
  const now = core.now()
  return core.db.users.insert({
    _id: input._id ?? core.random.id(),
    username: input.username,
    name: input.name,
    type: 'user',
    active: true,
    roles: input.roles ?? ['user'],
    status: input.status ?? 'offline',
    utcOffset: input.utcOffset ?? 0,
    emails: input.email ? [{ address: input.email, verified: true }] : [],
    createdAt: now,
    _updatedAt: now,
    services: {
      password: input.password === undefined ? undefined : { sha256: hashPassword(input.password) },
      resume: { loginTokens: [] },
    },
    settings: { preferences: {} },
  })
}

export function hashPassword(password: string): string {
  return bytesToHex(sha256(utf8ToBytes(password)))
}

/** Recent token → hash results: every authenticated request hashes its token. */
const tokenHashes = new Map<string, string>()

/** Tokens are stored as the server stores them: base64(sha256(token)). */
export function hashToken(token: string): string {
  const cached = tokenHashes.get(token)
  if (cached !== undefined) return cached
  const hashed = computeTokenHash(token)
  if (tokenHashes.size >= 1024) tokenHashes.delete(tokenHashes.keys().next().value!)
  tokenHashes.set(token, hashed)
  return hashed
}

function computeTokenHash(token: string): string {
  const digest = sha256(utf8ToBytes(token))
  let binary = ''
  for (const byte of digest) binary += String.fromCharCode(byte)
  return btoa(binary)
}

export function checkPassword(user: User, password: string): boolean {
  const stored = user.services.password?.sha256
  return stored !== undefined && stored === hashPassword(password)
}

/** Issue a new login token (appended to the user's resume tokens); returns the plain token. */
export function issueLoginToken(core: Core, user: User): string {
  const token = core.random.secret()
  const now = core.now()
  core.db.users.patch(user, (u) => {
    u.services.resume.loginTokens.push({ hashedToken: hashToken(token), when: now })
    u.lastLogin = now
    u._updatedAt = now
  })
  return token
}

export function revokeLoginToken(core: Core, user: User, token: string): void {
  const hashed = hashToken(token)
  core.db.users.patch(user, (u) => {
    u.services.resume.loginTokens = u.services.resume.loginTokens.filter((t) => t.hashedToken !== hashed)
  })
}

/** The user holding this token, if the token belongs to `userId` and has not expired. */
export function userForToken(core: Core, userId: string, token: string): User | undefined {
  const user = core.db.users.get(userId)
  if (!user || user.active === false) return undefined
  const hashed = hashToken(token)
  const oldest = oldestValidLogin(core)
  return user.services.resume.loginTokens.some((t) => t.hashedToken === hashed && t.when.getTime() >= oldest) ? user : undefined
}

/** Tokens issued before this instant have expired (`Accounts_LoginExpiration` days, mock clock). */
function oldestValidLogin(core: Core): number {
  // As `loginTokenExpiry`: an unset or zero setting is the default 90 days.
  const days = Number(core.setting('Accounts_LoginExpiration')) || 90
  return core.clock.now() - days * 86_400_000
}

export function userRefOf(user: User): { _id: string; username: string; name?: string } {
  return user.name === undefined ? { _id: user._id, username: user.username } : { _id: user._id, username: user.username, name: user.name }
}

export function displayName(user: User): string {
  return user.name || user.username
}

/** A resume login: whoever holds this token (users are few; tokens are hashed). */
export function userByToken(core: Core, token: string): User | undefined {
  const hashed = hashToken(token)
  const oldest = oldestValidLogin(core)
  return core.db.users.findFirst((q) =>
    q.where((u) => u.active !== false && u.services.resume.loginTokens.some((t) => t.hashedToken === hashed && t.when.getTime() >= oldest)),
  )
}

export function userByEmail(core: Core, email: string): User | undefined {
  const address = email.toLowerCase()
  return core.db.users.findFirst((q) => q.where((u) => u.emails.some((e) => e.address.toLowerCase() === address)))
}

/** When a login token stops working: its creation plus `Accounts_LoginExpiration` days (90 by default). */
export function loginTokenExpiry(core: Core, user: User, token: string): Date {
  const hashed = hashToken(token)
  const issued = user.services.resume.loginTokens.find((t) => t.hashedToken === hashed)?.when ?? core.now()
  const days = Number(core.setting('Accounts_LoginExpiration')) || 90
  return new Date(issued.getTime() + days * 86_400_000)
}

/** Presence: a user's status (and status text) as the presence methods set it. */
export function setUserStatus(core: Core, user: User, status: User['status'], statusText?: string): void {
  if (user.status === status && (statusText === undefined || user.statusText === statusText)) return
  core.db.users.patch(user, (u) => {
    u.status = status
    u.statusConnection = status === 'offline' ? 'offline' : 'online'
    if (statusText !== undefined) u.statusText = statusText
    u._updatedAt = core.now()
  })
}
