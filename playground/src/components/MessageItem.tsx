import {
  Avatar,
  Box,
  Button,
  Icon,
  Message,
  MessageBlock,
  MessageBody,
  MessageContainer,
  MessageHeader,
  MessageLeftContainer,
  MessageMetrics,
  MessageMetricsItem,
  MessageMetricsItemIcon,
  MessageMetricsItemLabel,
  MessageMetricsReply,
  MessageName,
  MessageReaction,
  MessageReactionCounter,
  MessageReactionEmoji,
  MessageReactions,
  MessageSystem,
  MessageSystemBlock,
  MessageSystemBody,
  MessageSystemContainer,
  MessageSystemLeftContainer,
  MessageSystemName,
  MessageSystemTimestamp,
  MessageTimestamp,
  MessageToolbar,
  MessageToolbarItem,
  MessageToolbarWrapper,
  MessageUsername,
  TextAreaInput,
} from '@rocket.chat/fuselage'
import { memo, useState, type KeyboardEvent } from 'react'
import { useApp } from '../client/context.js'
import type { Message as ChatMessage } from '../client/types.js'
import { avatarUrl } from '../lib/avatar.js'
import { shortStamp, timeOf } from '../lib/dates.js'
import { emojiFor, QUICK_REACTIONS } from '../lib/emoji.js'
import { useStore } from '../store/create-store.js'
import { sessionStore } from '../store/session.js'
import { uiStore } from '../store/ui.js'
import { Attachments } from './Attachments.js'
import { ConfirmDelete } from './ConfirmDelete.js'
import { Markdown } from './Markdown.js'

/**
 * One message as Rocket.Chat shows it: avatar and header (hidden when the previous message is
 * by the same author within minutes: `sequential`), the rendered `md`, attachments and URL
 * previews, reactions as emoji, thread metrics, markers (edited, pinned, starred, read), and
 * the hover toolbar. `inThread`: rendered in the thread panel (no thread actions).
 */
export interface MessageItemProps {
  message: ChatMessage
  sequential?: boolean
  inThread?: boolean
  onRetry?: (message: ChatMessage) => void
}

const SYSTEM_TEXT: Record<string, string> = {
  message_pinned: 'pinned a message',
  'discussion-created': 'started a discussion',
  uj: 'joined the room',
  ul: 'left the room',
  au: 'added a user',
  ru: 'removed a user',
  room_changed_topic: 'changed the topic',
}

export const MessageItem = memo(function MessageItem({ message: m, sequential = false, inThread = false, onRetry }: MessageItemProps) {
  const { actions } = useApp()
  const me = useStore(sessionStore, (s) => s.me)
  const editing = useStore(uiStore, (s) => s.editing === m._id)
  const translateTo = useStore(uiStore, (s) => s.translateTo)
  const [picker, setPicker] = useState(false)
  const [confirm, setConfirm] = useState(false)
  const [draft, setDraft] = useState(m.msg)
  const name = m.u.name ?? m.u.username

  if (m.t) {
    return (
      <MessageSystem data-testid="system-message" data-id={m._id}>
        <MessageSystemLeftContainer>
          <Avatar size="x18" url={avatarUrl(m.u.username, name)} />
        </MessageSystemLeftContainer>
        <MessageSystemContainer>
          <MessageSystemBlock>
            <MessageSystemName>{name}</MessageSystemName>
            <MessageSystemBody>{SYSTEM_TEXT[m.t] ?? m.t}</MessageSystemBody>
            <MessageSystemTimestamp title={new Date(m.ts).toLocaleString()}>{timeOf(m.ts)}</MessageSystemTimestamp>
          </MessageSystemBlock>
        </MessageSystemContainer>
      </MessageSystem>
    )
  }

  const mine = m.u._id === me?._id
  const starred = Boolean(me && m.starred?.some((s) => s._id === me._id))
  const following = Boolean(me && m.replies?.includes(me._id))
  const translation = m.translations?.[translateTo]
  const pending = m.pending !== undefined

  const saveEdit = async () => {
    const text = draft.trim()
    if (!text || text === m.msg) return uiStore.set({ editing: undefined })
    await actions.edit(m, text).then(
      () => uiStore.set({ editing: undefined }),
      () => undefined,
    )
  }
  const onEditKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault()
      void saveEdit()
    } else if (e.key === 'Escape') uiStore.set({ editing: undefined })
  }

  return (
    <Message
      data-testid="message"
      data-id={m._id}
      data-pending={m.pending}
      sequential={sequential}
      isPending={pending}
      isEditing={editing}
      className="pg-message"
      onMouseLeave={() => setPicker(false)}
    >
      <MessageLeftContainer>
        {sequential ? (
          <MessageTimestamp className="pg-seq-time">{timeOf(m.ts)}</MessageTimestamp>
        ) : (
          <Avatar size="x36" url={avatarUrl(m.u.username, name)} alt="" />
        )}
      </MessageLeftContainer>
      <MessageContainer>
        {!sequential && (
          <MessageHeader>
            <MessageName>{name}</MessageName>
            <MessageUsername>@{m.u.username}</MessageUsername>
            <MessageTimestamp title={new Date(m.ts).toLocaleString()}>{shortStamp(m.ts)}</MessageTimestamp>
            <Markers message={m} starred={starred} />
          </MessageHeader>
        )}
        {sequential && <Markers message={m} starred={starred} inline />}
        {editing ? (
          <Box display="flex" flexDirection="column" marginBlock={4}>
            <TextAreaInput
              data-testid="edit-input"
              rows={2}
              value={draft}
              autoFocus
              onChange={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
              onKeyDown={onEditKey}
              aria-label="Edit message"
            />
            <Box fontScale="c1" color="hint" marginBlockStart={2}>
              Enter to save · Escape to cancel
            </Box>
          </Box>
        ) : (
          <MessageBody data-testid="message-body">
            <Markdown md={m.md} fallback={m.msg} />
          </MessageBody>
        )}
        {translation && (
          <Box fontScale="p2" color="hint" data-testid="translation" data-lang={translateTo}>
            <Icon name="language" size="x16" /> {translateTo}: {translation}
          </Box>
        )}
        <Attachments message={m} />
        {m.reactions && Object.keys(m.reactions).length > 0 && (
          <MessageBlock>
            <MessageReactions>
              {Object.entries(m.reactions).map(([emoji, r]) => {
                const mineReaction = Boolean(me && r.usernames.includes(me.username))
                return (
                  <MessageReaction
                    key={emoji}
                    data-testid="reaction"
                    data-emoji={emoji}
                    aria-pressed={mineReaction}
                    mine={mineReaction}
                    title={`${r.usernames.join(', ')} reacted with ${emoji}`}
                    onClick={() => void actions.react(m, emoji).catch(() => undefined)}
                  >
                    <MessageReactionEmoji name={emoji} className="pg-reaction-emoji">
                      {emojiFor(emoji) ?? emoji}
                    </MessageReactionEmoji>
                    <MessageReactionCounter counter={r.usernames.length} />
                  </MessageReaction>
                )
              })}
            </MessageReactions>
          </MessageBlock>
        )}
        {!inThread && m.tcount !== undefined && (
          <MessageBlock>
            <MessageMetrics>
              <MessageMetricsReply data-testid="thread-link" onClick={() => uiStore.set({ contextual: { kind: 'thread', tmid: m._id } })}>
                {m.tcount === 1 ? '1 reply' : `${m.tcount} replies`}
              </MessageMetricsReply>
              <MessageMetricsItem title={following ? 'Following' : 'Not following'}>
                <Icon name={following ? 'bell' : 'bell-off'} size="x16" />
              </MessageMetricsItem>
              {m.tlm && (
                <MessageMetricsItem>
                  <MessageMetricsItemIcon name="clock" />
                  <MessageMetricsItemLabel>{shortStamp(m.tlm)}</MessageMetricsItemLabel>
                </MessageMetricsItem>
              )}
            </MessageMetrics>
          </MessageBlock>
        )}
        {m.pending === 'sending' && (
          <Box fontScale="c1" color="hint" data-testid="sending">
            Sending…
          </Box>
        )}
        {m.pending === 'failed' && (
          <Box fontScale="c1" color="danger" data-testid="failed">
            Not sent.{' '}
            <Button small secondary onClick={() => onRetry?.(m)}>
              Retry
            </Button>
          </Box>
        )}
        {picker && (
          <Box className="pg-picker" role="listbox" aria-label="Pick a reaction">
            {QUICK_REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                className="pg-picker-option"
                data-testid="emoji-option"
                data-emoji={emoji}
                title={emoji}
                onClick={() => {
                  setPicker(false)
                  void actions.react(m, emoji).catch(() => undefined)
                }}
              >
                {emojiFor(emoji)}
              </button>
            ))}
          </Box>
        )}
      </MessageContainer>
      {!pending && !editing && (
        <MessageToolbarWrapper>
          <MessageToolbar aria-label="Message actions">
            <MessageToolbarItem icon="add-reaction" title="Add reaction" data-action="react" onClick={() => setPicker((v) => !v)} />
            {!inThread && (
              <MessageToolbarItem
                icon="thread"
                title="Reply in thread"
                data-action="thread"
                onClick={() => uiStore.set({ contextual: { kind: 'thread', tmid: m.tmid ?? m._id } })}
              />
            )}
            {mine && (
              <MessageToolbarItem
                icon="pencil"
                title="Edit"
                data-action="edit"
                onClick={() => {
                  setDraft(m.msg)
                  uiStore.set({ editing: m._id })
                }}
              />
            )}
            <MessageToolbarItem
              icon={starred ? 'star-filled' : 'star'}
              title={starred ? 'Unstar' : 'Star'}
              data-action="star"
              onClick={() => void actions.star(m, !starred).catch(() => undefined)}
            />
            <MessageToolbarItem
              icon={m.pinned ? 'pin-filled' : 'pin'}
              title={m.pinned ? 'Unpin' : 'Pin'}
              data-action="pin"
              onClick={() => void actions.pin(m, !m.pinned).catch(() => undefined)}
            />
            <MessageToolbarItem
              icon="language"
              title={`Translate (${translateTo})`}
              data-action="translate"
              onClick={() => void actions.translate(m, translateTo).catch(() => undefined)}
            />
            {mine && <MessageToolbarItem icon="trash" title="Delete" data-action="delete" onClick={() => setConfirm(true)} />}
          </MessageToolbar>
        </MessageToolbarWrapper>
      )}
      {confirm && (
        <ConfirmDelete
          onCancel={() => setConfirm(false)}
          onConfirm={() => {
            setConfirm(false)
            void actions.remove(m).catch(() => undefined)
          }}
        />
      )}
    </Message>
  )
})

function Markers({ message: m, starred, inline = false }: { message: ChatMessage; starred: boolean; inline?: boolean }) {
  const items = [
    m.editedAt && <Icon key="e" name="pencil" size="x16" color="hint" data-testid="edited" title={`Edited ${m.editedBy ? `by ${m.editedBy.username}` : ''}`} />,
    m.pinned && <Icon key="p" name="pin" size="x16" color="hint" data-testid="pinned" title="Pinned" />,
    starred && <Icon key="s" name="star-filled" size="x16" color="hint" data-testid="starred" title="Starred" />,
    m.unread === false && <Icon key="r" name="check-double" size="x16" color="info" data-testid="read" title="Read" />,
  ].filter(Boolean)
  if (items.length === 0) return null
  return inline ? (
    <Box display="flex" style={{ gap: 4 }}>
      {items}
    </Box>
  ) : (
    items
  )
}
