import { checkPassword, issueLoginToken, loginTokenExpiry, revokeLoginToken, userByEmail, userByToken } from '../../domain/users.js'
import type { User } from '../../db/index.js'
import type { Core } from '../../core.js'
import { isObject } from '../check.js'
import { ddpErrors } from '../meteor-error.js'
import type { Method } from './context.js'

/**
 * `login`: `{resume: token}` (the token REST's login returns: one token store for both) or
 * `{user: {username}|{email}, password: {digest, algorithm: 'sha-256'} | string}`. Every failure is
 * the 401 "User not found" Rocket.Chat rewrites login errors to; the connection stays usable.
 */
export const login: Method = ({ core, session }, [options]) => {
  if (!isObject(options)) throw ddpErrors.loginFailed()
  if (typeof options.resume === 'string') {
    const user = options.resume ? userByToken(core, options.resume) : undefined
    if (!user) throw ddpErrors.loginFailed()
    session.setUser?.(user._id, options.resume)
    return { id: user._id, token: options.resume, tokenExpires: loginTokenExpiry(core, user, options.resume), type: 'resume' }
  }
  const user = byPassword(core, options)
  if (!user) throw ddpErrors.loginFailed()
  const token = issueLoginToken(core, user)
  session.setUser?.(user._id, token)
  return { id: user._id, token, tokenExpires: loginTokenExpiry(core, user, token), type: 'password' }
}

function byPassword(core: Core, options: Record<string, unknown>): User | undefined {
  const selector = options.user
  const password = options.password
  let user: User | undefined
  if (isObject(selector)) {
    if (typeof selector.username === 'string') user = core.db.users.unique('username', selector.username.toLowerCase())
    else if (typeof selector.email === 'string') user = userByEmail(core, selector.email)
    else if (typeof selector.id === 'string') user = core.db.users.get(selector.id)
  } else if (typeof selector === 'string') user = selector.includes('@') ? userByEmail(core, selector) : core.findUser(selector)
  if (!user || user.active === false) return undefined
  if (typeof password === 'string') return checkPassword(user, password) ? user : undefined
  if (isObject(password) && password.algorithm === 'sha-256' && typeof password.digest === 'string') {
    return user.services.password?.sha256 === password.digest.toLowerCase() ? user : undefined
  }
  return undefined
}

/** `logout`: the token is dropped, the connection's user is gone (its subscriptions run again). */
export const logout: Method = ({ core, session, user }) => {
  if (user && session.token) revokeLoginToken(core, user, session.token)
  session.setUser?.(undefined, undefined)
  return undefined
}
