/**
 * `Meteor.Error` as DDP clients receive it: `isClientSafe`, `error`, `reason`, `details`,
 * `message` ("<reason> [<error>]"), `errorType`, in that key order, never a stack.
 */
export class MeteorError extends Error {
  readonly isClientSafe = true
  constructor(
    readonly error: string | number,
    readonly reason?: string,
    readonly details?: unknown,
  ) {
    super(reason === undefined ? `[${error}]` : `${reason} [${error}]`)
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { isClientSafe: true, error: this.error }
    if (this.reason !== undefined) out.reason = this.reason
    if (this.details !== undefined) out.details = this.details
    out.message = this.message
    out.errorType = 'Meteor.Error'
    return out
  }
}

export const ddpErrors = {
  methodNotFound: (name: string) => new MeteorError(404, `Method '${name}' not found`),
  subscriptionNotFound: (name: string) => new MeteorError(404, `Subscription '${name}' not found`),
  /** Every login failure, as Rocket.Chat rewrites them. */
  loginFailed: () => new MeteorError(401, 'User not found'),
  notAllowed: () => new MeteorError('not-allowed'),
  /** What any non-Meteor error (including `check()`'s Match.Error) becomes on the wire. */
  internal: () => new MeteorError(500, 'Internal server error'),
  invalidUser: (method: string) => new MeteorError('error-invalid-user', 'Invalid user', { method }),
}
