import { toast as showToast } from './store/toasts.js'

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

/** The panel's toasts go to the client's toast store (one place, one style). */
export function toast(text: string, kind: 'error' | 'info' = 'error', _ms = 6000): void {
  showToast(text, kind === 'error' ? 'error' : 'success')
}
