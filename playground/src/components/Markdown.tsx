// A message's md tree is static, so positions are its nodes' identity: index keys are right here (biome.json).
import { Fragment, type ReactNode } from 'react'
import type { MdNode } from '../client/types.js'
import { emojiFor, emojify } from '../lib/emoji.js'

/**
 * A message's `md` (the @rocket.chat/message-parser tree the server sends) as React elements:
 * the common node types, plain text for the rest. Used in the timeline, threads and lists, so
 * `**bold**` is never shown raw. No HTML strings anywhere.
 *
 * Keys are positions: the tree of one message is rendered whole and never reordered.
 */
export function Markdown({ md, fallback }: { md: MdNode[] | undefined; fallback: string }) {
  if (!Array.isArray(md) || md.length === 0) return <>{emojify(fallback)}</>
  return (
    <>
      {md.map((node, i) => (
        <Fragment key={i}>{block(node)}</Fragment>
      ))}
    </>
  )
}

function block(node: MdNode): ReactNode {
  switch (node.type) {
    case 'PARAGRAPH':
      return <p className="md-p">{inline(node.value)}</p>
    case 'QUOTE':
      return (
        <blockquote className="md-quote">
          {children(node.value).map((n, i) => (
            <Fragment key={i}>{block(n)}</Fragment>
          ))}
        </blockquote>
      )
    case 'CODE':
      return (
        <pre className="md-code">
          <code>
            {children(node.value)
              .map((line) => `${text(line.value)}\n`)
              .join('')}
          </code>
        </pre>
      )
    case 'HEADING':
      return <p className="md-heading">{inline(node.value)}</p>
    case 'UNORDERED_LIST':
    case 'TASKS':
      return (
        <ul>
          {children(node.value).map((item, i) => (
            <li key={i}>{inline(item.value)}</li>
          ))}
        </ul>
      )
    case 'ORDERED_LIST':
      return (
        <ol>
          {children(node.value).map((item, i) => (
            <li key={i}>{inline(item.value)}</li>
          ))}
        </ol>
      )
    case 'BIG_EMOJI':
      return <p className="md-big-emoji">{inline(node.value)}</p>
    case 'LINE_BREAK':
      return <br />
    default:
      return <p className="md-p">{inline(node)}</p>
  }
}

function inline(value: unknown): ReactNode {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map((v, i) => <Fragment key={i}>{inline(v)}</Fragment>)
  if (!value || typeof value !== 'object') return null
  const node = value as MdNode
  switch (node.type) {
    case 'PLAIN_TEXT':
      return typeof node.value === 'string' ? node.value : ''
    case 'BOLD':
      return <strong>{inline(node.value)}</strong>
    case 'ITALIC':
      return <em>{inline(node.value)}</em>
    case 'STRIKE':
      return <s>{inline(node.value)}</s>
    case 'INLINE_CODE':
      return <code className="md-inline-code">{text(node.value)}</code>
    case 'LINK': {
      const v = node.value as { src?: unknown; label?: unknown } | undefined
      const href = text(v?.src)
      const safe = /^(https?:|mailto:)/i.test(href) ? href : undefined
      return (
        <a href={safe} target="_blank" rel="noopener noreferrer">
          {inline(v?.label ?? href)}
        </a>
      )
    }
    case 'MENTION_USER':
      return (
        <span className="md-mention" data-testid="mention">
          @{text(node.value)}
        </span>
      )
    case 'MENTION_CHANNEL':
      return <span className="md-mention md-mention-channel">#{text(node.value)}</span>
    case 'EMOJI': {
      if (typeof node.unicode === 'string') return node.unicode
      const code = typeof node.shortCode === 'string' ? node.shortCode : text(node.value)
      return (
        <span className="md-emoji" title={`:${code}:`}>
          {emojiFor(code) ?? `:${code}:`}
        </span>
      )
    }
    case 'LINE_BREAK':
      return <br />
    case 'TIMESTAMP':
      return text(node.value)
    default:
      return inline(node.value)
  }
}

function children(value: unknown): MdNode[] {
  return Array.isArray(value) ? (value as MdNode[]) : []
}

function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(text).join('')
  if (value && typeof value === 'object') return text((value as MdNode).value)
  return ''
}
