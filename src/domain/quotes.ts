import type { Core } from '../core.js'
import type { Message, User } from '../db/index.js'
import { canAccessRoom } from './access.js'

type Attachment = Record<string, unknown>
type Url = { url: string; meta?: Record<string, unknown>; ignoreParse?: boolean } & Record<string, unknown>

/** Only quote attachments carry a `message_link`. */
export function isQuoteAttachment(attachment: unknown): boolean {
  return attachment !== null && typeof attachment === 'object' && typeof (attachment as Attachment).message_link === 'string'
}

/**
 * `BeforeSaveJumpToMessage`: every link to a message of this workspace (`Site_Url…?msg=<id>`)
 * that the sender can read becomes a quote attachment (one per link, replacing an older quote of
 * the same link), and the link itself is no longer previewed. Nested quotes are kept down to
 * `Message_QuoteChainLimit` (2). Returns the new attachments, or `undefined` when nothing is quoted.
 */
export function quoteLinkedMessages(core: Core, user: User, urls: Url[], attachments: readonly unknown[] | undefined): Attachment[] | undefined {
  const siteUrl = core.setting('Site_Url')
  let out: Attachment[] | undefined
  for (const item of urls) {
    if (!item.url.includes(siteUrl)) continue
    let id: string | null
    try {
      id = new URL(item.url).searchParams.get('msg')
    } catch {
      continue
    }
    const quoted = id ? core.db.messages.get(id) : undefined
    if (!quoted || !canAccessRoom(core, core.db.rooms.get(quoted.rid), user)) continue
    out ??= [...((attachments ?? []) as Attachment[])]
    const index = out.findIndex((a) => isQuoteAttachment(a) && a.message_link === item.url)
    if (index > -1) out.splice(index, 1)
    out.push(quoteOf(core, quoted, item.url))
    item.ignoreParse = true
  }
  return out
}

function quoteOf(core: Core, message: Message, link: string): Attachment {
  const name = core.setting('UI_Use_Real_Name') ? message.u.name || message.u.username : message.u.username
  return {
    text: message.msg,
    ...(message.md ? { md: message.md } : {}),
    ...(message.translations ? { translations: message.translations } : {}),
    message_link: link,
    author_name: message.alias || name,
    author_icon: `/avatar/${message.u.username}`,
    attachments: ((message.attachments ?? []) as Attachment[]).map((a) => trimQuote(structuredClone(a), 1)),
    ts: message.ts,
  }
}

/** `recursiveRemoveAttachments` with the default chain limit of 2. */
function trimQuote(attachment: Attachment, depth: number): Attachment {
  if (!isQuoteAttachment(attachment)) return attachment
  if (depth < 1 && Array.isArray(attachment.attachments)) {
    return { ...attachment, attachments: (attachment.attachments as Attachment[]).map((a) => trimQuote(a, depth + 1)) }
  }
  const { attachments: _nested, ...rest } = attachment
  return rest
}
