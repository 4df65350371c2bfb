import { Box, Button, TextAreaInput } from '@rocket.chat/fuselage'
import { useRef, useState, type KeyboardEvent } from 'react'
import { useApp } from '../client/context.js'
import { useStore } from '../store/create-store.js'
import { sessionStore } from '../store/session.js'
import { uiStore } from '../store/ui.js'
import { announceTyping } from '../store/typing.js'

/**
 * The message composer: Enter sends, Shift+Enter is a new line. While a post is pending, Send is
 * disabled and a second Enter does nothing (one post, never two); on failure the text comes back.
 */
export function Composer({ rid, tmid, testId = 'composer-input', placeholder }: { rid: string; tmid?: string; testId?: string; placeholder?: string }) {
  const { actions, stream } = useApp()
  const username = useStore(sessionStore, (s) => s.me?.username ?? '')
  const [text, setText] = useState('')
  const [pending, setPending] = useState(false)
  const sending = useRef(false)
  const typingSent = useRef(false)
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined)

  const submit = async () => {
    const msg = text.trim()
    if (!msg || sending.current) return
    sending.current = true
    setPending(true)
    setText('')
    announceTyping(rid, username, true)
    stream.typing(rid, username, false)
    if (!tmid) uiStore.set({ sentAt: Date.now() })
    try {
      await actions.send(rid, msg, tmid)
    } catch {
      setText((current) => current || msg)
    } finally {
      sending.current = false
      setPending(false)
    }
  }
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault()
      void submit()
    }
  }

  return (
    <Box display="flex" alignItems="flex-end" padding={12} style={{ gap: 8 }} className="pg-composer">
      <TextAreaInput
        data-testid={testId}
        rows={1}
        value={text}
        placeholder={placeholder ?? 'Message'}
        aria-label={placeholder ?? 'Message'}
        onChange={(e) => {
          setText((e.target as HTMLTextAreaElement).value)
          announceTyping(rid, username)
          if (!typingSent.current) stream.typing(rid, username, true)
          typingSent.current = true
          clearTimeout(typingTimer.current)
          typingTimer.current = setTimeout(() => {
            typingSent.current = false
            stream.typing(rid, username, false)
          }, 3_000)
        }}
        onKeyDown={onKey}
        style={{ resize: 'none' }}
      />
      <Button primary data-testid={`${testId}-send`} disabled={pending || !text.trim()} onClick={() => void submit()}>
        {pending ? 'Sending…' : 'Send'}
      </Button>
    </Box>
  )
}
