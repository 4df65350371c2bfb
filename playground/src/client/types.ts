/**
 * The shapes the client reads from Rocket.Chat's REST API (as JSON: dates are ISO strings), and
 * the error a failed call turns into. Nothing here knows the server is a mock.
 */

export interface UserRef {
  _id: string
  username: string
  name?: string
}

export interface Reaction {
  usernames: string[]
  names?: string[]
}

export interface Attachment {
  title?: string
  text?: string
  description?: string
  title_link?: string
  image_url?: string
  type?: string
}

export interface Message {
  _id: string
  rid: string
  msg: string
  ts: string
  u: UserRef
  _updatedAt: string
  t?: string
  md?: MdNode[]
  tmid?: string
  tshow?: boolean
  tcount?: number
  tlm?: string
  replies?: string[]
  reactions?: Record<string, Reaction>
  pinned?: boolean
  pinnedBy?: UserRef
  starred?: Array<{ _id: string }>
  editedAt?: string
  editedBy?: UserRef
  translations?: Record<string, string>
  attachments?: Attachment[]
  mentions?: UserRef[]
  drid?: string
  dcount?: number
  urls?: Array<{ url: string; meta?: Record<string, string> }>
  file?: { _id: string; name: string; type?: string }
  files?: Array<{ _id: string; name: string; type?: string }>
  /** Client-side only: an optimistic message not yet confirmed by the server. */
  pending?: 'sending' | 'failed'
  /** Read receipts: false once another member has read it. */
  unread?: boolean
}

export interface MdNode {
  type: string
  value?: unknown
  [key: string]: unknown
}

export interface Room {
  _id: string
  t: 'c' | 'p' | 'd' | string
  name?: string
  fname?: string
  topic?: string
  usernames?: string[]
  uids?: string[]
  usersCount?: number
  msgs?: number
  lm?: string
  lastMessage?: Message
  _updatedAt: string
  ro?: boolean
  prid?: string
}

export interface Subscription {
  _id: string
  rid: string
  t: string
  name: string
  fname?: string
  open?: boolean
  alert?: boolean
  unread?: number
  userMentions?: number
  groupMentions?: number
  tunread?: string[]
  roles?: string[]
  ls?: string
  f?: boolean
  prid?: string
  _updatedAt: string
}

export interface Me extends UserRef {
  roles?: string[]
  status?: string
}

/** A failed call: `status` is the HTTP status (or `network`), `message` the server's `error`. */
export class ApiError extends Error {
  constructor(
    readonly status: number | 'network',
    message: string,
    readonly endpoint: string,
    readonly body?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}
