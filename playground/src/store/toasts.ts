import { createStore } from './create-store.js'

/**
 * Toasts: one per distinct text (a repeat counts up, "×2", instead of stacking), each closing by
 * itself; errors stay longer. Signing in clears them, so an old failure never lingers.
 */
export interface Toast {
  id: number
  text: string
  variant: 'error' | 'success' | 'info'
  count: number
}

export const toastStore = createStore<{ toasts: Toast[] }>({ toasts: [] })
let nextId = 1
const timers = new Map<number, ReturnType<typeof setTimeout>>()

export function toast(text: string, variant: Toast['variant'] = 'error'): void {
  const existing = toastStore.get().toasts.find((t) => t.text === text && t.variant === variant)
  const id = existing?.id ?? nextId++
  if (existing) toastStore.set(({ toasts }) => ({ toasts: toasts.map((t) => (t.id === id ? { ...t, count: t.count + 1 } : t)) }))
  else toastStore.set(({ toasts }) => ({ toasts: [...toasts, { id, text, variant, count: 1 }] }))
  clearTimeout(timers.get(id))
  timers.set(
    id,
    setTimeout(() => dismiss(id), variant === 'error' ? 8_000 : 3_000),
  )
}

export function dismiss(id: number): void {
  clearTimeout(timers.get(id))
  timers.delete(id)
  toastStore.set(({ toasts }) => ({ toasts: toasts.filter((t) => t.id !== id) }))
}

export function clearToasts(): void {
  for (const id of timers.keys()) dismiss(id)
}
