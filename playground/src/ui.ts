import { toast as showToast } from './store/toasts.js'
import joypixels from 'emojibase-data/en/shortcodes/joypixels.json'

type Child = Node | string | number | false | null | undefined | Child[]
type Attrs = Record<string, unknown> & { class?: string; dataset?: Record<string, string> }

/** `h('button', { class: 'x', onclick }, 'Label')` — a tiny DOM builder; `on*` keys become listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue
      if (key === 'dataset') Object.assign(el.dataset, value)
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value as EventListener)
      else if (key === 'class') el.className = String(value)
      else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value)
      else if (key === 'checked' && 'checked' in el) (el as HTMLInputElement).checked = Boolean(value)
      else if (value === true) el.setAttribute(key, '')
      else el.setAttribute(key, String(value))
    }
  }
  append(el, children)
  return el
}

function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(el, child)
    else el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child)
  }
}

export function replaceChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren()
  append(el, children)
}

/**
 * Keeps `container`'s children equal to `wanted`, in order, moving only what is out of place —
 * so an element being edited (or a focused input inside it) survives a refresh.
 */
export function reconcile(container: Element, wanted: Element[]): void {
  let cursor = container.firstElementChild
  for (const el of wanted) {
    if (el === cursor) {
      cursor = cursor.nextElementSibling
      continue
    }
    container.insertBefore(el, cursor)
  }
  while (cursor) {
    const next = cursor.nextElementSibling
    cursor.remove()
    cursor = next
  }
}

// ---- toasts --------------------------------------------------------------------------------

/** The panel's toasts go to the client's toast store (one place, one style). */
export function toast(text: string, kind: 'error' | 'info' = 'error', _ms = 6000): void {
  showToast(text, kind === 'error' ? 'error' : 'success')
}

// ---- formatting ----------------------------------------------------------------------------

const emojiByName = new Map<string, string>()
for (const [hex, names] of Object.entries(joypixels as Record<string, string | string[]>)) {
  const char = String.fromCodePoint(...hex.split('-').map((part) => parseInt(part, 16)))
  for (const name of Array.isArray(names) ? names : [names]) if (!emojiByName.has(name)) emojiByName.set(name, char)
}

/**
 * Whether this machine can draw colour emoji: a glyph drawn on a canvas has coloured pixels only
 * with an emoji font. Without one (minimal Linux, CI) shortcodes stay text, as Rocket.Chat shows
 * an emoji it cannot render, instead of empty boxes.
 */
const canDrawEmoji = (() => {
  try {
    const canvas = document.createElement('canvas')
    canvas.width = canvas.height = 24
    const ctx = canvas.getContext('2d', { willReadFrequently: true })
    if (!ctx) return true
    ctx.textBaseline = 'top'
    ctx.font = '20px sans-serif'
    ctx.fillText('\u{1F600}', 0, 0)
    const data = ctx.getImageData(0, 0, 24, 24).data
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!]
      if (a > 0 && (Math.abs(r - g) > 20 || Math.abs(g - b) > 20)) return true
    }
    return false
  } catch {
    return true
  }
})()

/** `:thumbsup:` → 👍 (unknown names, or no emoji font: the shortcode). */
export function emoji(shortcode: string): string {
  const name = shortcode.replace(/:/g, '')
  const char = canDrawEmoji ? emojiByName.get(name) : undefined
  return char ?? `:${name}:`
}

/** Replaces `:name:` shortcodes in plain text (when emoji can be drawn). */
export function emojify(text: string): string {
  if (!canDrawEmoji) return text
  return text.replace(/:([a-z0-9_+-]+):/gi, (all, name: string) => emojiByName.get(name) ?? all)
}

export function time(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  const today = new Date()
  const sameDay = d.toDateString() === today.toDateString()
  const hm = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  return sameDay ? hm : `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${hm}`
}

export function initials(name: string): string {
  const parts = name.replace(/[^\p{L}\p{N} ._-]/gu, '').split(/[ ._-]+/).filter(Boolean)
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase()
}

export function hue(text: string): number {
  let h = 0
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 360
  return h
}

export function avatar(username: string, name = username): HTMLElement {
  return h('span', { class: 'avatar', style: `--h:${hue(username)}`, title: name, 'aria-hidden': 'true' }, initials(name))
}
