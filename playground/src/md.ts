import type { MdNode } from './api.js'
import { emoji, emojify, h } from './ui.js'

/**
 * Renders a message's `md` (the @rocket.chat/message-parser AST the server attaches) to DOM —
 * the common node types, and plain text for anything else. Never uses innerHTML.
 */
export function renderMd(nodes: MdNode[] | undefined, fallback: string): Node[] {
  if (!Array.isArray(nodes) || nodes.length === 0) return [document.createTextNode(emojify(fallback))]
  return nodes.flatMap((node) => block(node))
}

function block(node: MdNode): Node[] {
  switch (node.type) {
    case 'PARAGRAPH':
      return [h('p', null, inline(node.value))]
    case 'QUOTE':
      return [h('blockquote', null, children(node.value).flatMap(block))]
    case 'CODE':
      return [h('pre', null, h('code', null, children(node.value).map((line) => `${text(line.value)}\n`).join('')))]
    case 'HEADING':
      return [h('p', { class: 'md-heading' }, inline(node.value))]
    case 'UNORDERED_LIST':
    case 'TASKS':
      return [h('ul', null, children(node.value).map((item) => h('li', null, inline(item.value))))]
    case 'ORDERED_LIST':
      return [h('ol', null, children(node.value).map((item) => h('li', null, inline(item.value))))]
    case 'BIG_EMOJI':
      return [h('p', { class: 'md-big-emoji' }, inline(node.value))]
    case 'LINE_BREAK':
      return [h('br')]
    default:
      return [h('p', null, inline(node))]
  }
}

function inline(value: unknown): Node[] {
  if (typeof value === 'string') return [document.createTextNode(value)]
  if (Array.isArray(value)) return value.flatMap((v) => inline(v))
  if (!value || typeof value !== 'object') return []
  const node = value as MdNode
  switch (node.type) {
    case 'PLAIN_TEXT':
      return [document.createTextNode(typeof node.value === 'string' ? node.value : '')]
    case 'BOLD':
      return [h('strong', null, inline(node.value))]
    case 'ITALIC':
      return [h('em', null, inline(node.value))]
    case 'STRIKE':
      return [h('s', null, inline(node.value))]
    case 'INLINE_CODE':
      return [h('code', null, text(node.value))]
    case 'LINK': {
      const v = node.value as { src?: unknown; label?: unknown } | undefined
      const href = text(v?.src)
      const safe = /^(https?:|mailto:)/i.test(href) ? href : undefined
      return [h('a', { href: safe, target: '_blank', rel: 'noopener noreferrer' }, inline(v?.label ?? href))]
    }
    case 'MENTION_USER':
      return [h('span', { class: 'mention' }, `@${text(node.value)}`)]
    case 'MENTION_CHANNEL':
      return [h('span', { class: 'mention mention-channel' }, `#${text(node.value)}`)]
    case 'EMOJI': {
      if (typeof node.unicode === 'string') return [document.createTextNode(node.unicode)]
      const code = typeof node.shortCode === 'string' ? node.shortCode : text(node.value)
      return [h('span', { class: 'emoji', title: `:${code}:` }, emoji(code))]
    }
    case 'LINE_BREAK':
      return [h('br')]
    case 'TIMESTAMP':
      return [document.createTextNode(text(node.value))]
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
