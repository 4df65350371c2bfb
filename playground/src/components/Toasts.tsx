import { ToastBar } from '@rocket.chat/fuselage'
import { useStore } from '../store/create-store.js'
import { dismiss, toastStore } from '../store/toasts.js'

/** Toasts above the composer's corner, never over the controls (bottom right, narrow). */
export function Toasts() {
  const toasts = useStore(toastStore, (s) => s.toasts)
  return (
    <div className="pg-toasts" aria-live="polite">
      {toasts.map((t) => (
        <ToastBar
          key={t.id}
          id={String(t.id)}
          variant={t.variant}
          data-testid="toast"
          onClose={() => dismiss(t.id)}
          buttonLabel="Dismiss"
          time={t.variant === 'error' ? 8 : 3}
        >
          {t.text}
          {t.count > 1 ? ` ×${t.count}` : ''}
        </ToastBar>
      ))}
    </div>
  )
}
