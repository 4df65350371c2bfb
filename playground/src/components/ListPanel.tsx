import {
  Box,
  Chip,
  Contextualbar,
  ContextualbarAction,
  ContextualbarContent,
  ContextualbarHeader,
  ContextualbarTitle,
  SearchInput,
  Throbber,
} from '@rocket.chat/fuselage'
import { useState } from 'react'
import { useApp } from '../client/context.js'
import { useFiles, useMessageList } from '../client/queries.js'
import type { Message } from '../client/types.js'
import { shortStamp } from '../lib/dates.js'
import { uiStore } from '../store/ui.js'
import { Markdown } from './Markdown.js'

/** Pinned, starred, mentions, threads, files and search: lists of messages in the contextual bar, with markdown rendered. */
const TITLES = {
  pinned: 'Pinned messages',
  starred: 'Starred messages',
  mentions: 'Mentions',
  threads: 'Threads',
  files: 'Files',
  search: 'Search messages',
} as const
export type ListKind = keyof typeof TITLES

export function ListPanel({ kind, rid }: { kind: ListKind; rid: string }) {
  const { client } = useApp()
  const [query, setQuery] = useState('')
  const [submitted, setSubmitted] = useState('')
  const list = useMessageList(client, kind, rid, submitted)
  const files = useFiles(client, rid, kind === 'files')
  return (
    <Contextualbar data-testid="message-list" className="pg-contextual">
      <ContextualbarHeader>
        <ContextualbarTitle>{TITLES[kind]}</ContextualbarTitle>
        <ContextualbarAction name="cross" title="Close" onClick={() => uiStore.set({ contextual: undefined })} />
      </ContextualbarHeader>
      <ContextualbarContent>
        {kind === 'search' && (
          <Box paddingBlock={8}>
            <SearchInput
              data-testid="search-input"
              placeholder="Search messages"
              value={query}
              onChange={(e) => setQuery((e.target as HTMLInputElement).value)}
              onKeyDown={(e) => e.key === 'Enter' && setSubmitted(query.trim())}
            />
          </Box>
        )}
        {kind === 'files' ? (
          files.isPending ? (
            <Throbber />
          ) : (
            (files.data ?? []).map((f) => (
              <Box key={f._id} data-testid="list-item" paddingBlock={8}>
                <Chip>📎 {f.name}</Chip>{' '}
                <Box is="span" fontScale="c1" color="hint">
                  {f.user?.username}
                </Box>
              </Box>
            ))
          )
        ) : list.isFetching && !list.data ? (
          <Throbber />
        ) : list.isError ? (
          <Box color="danger">{list.error.message}</Box>
        ) : (
          <>
            {(list.data ?? []).length === 0 && (kind !== 'search' || submitted) && (
              <Box color="hint" fontScale="p2">
                Nothing here yet.
              </Box>
            )}
            {(list.data ?? []).map((m) => (
              <ListItem key={m._id} message={m} />
            ))}
          </>
        )}
      </ContextualbarContent>
    </Contextualbar>
  )
}

function ListItem({ message: m }: { message: Message }) {
  return (
    <Box
      data-testid="list-item"
      className="pg-list-item"
      paddingBlock={8}
      marginBlockEnd={8}
      onClick={() => (m.tcount !== undefined || m.tmid ? uiStore.set({ contextual: { kind: 'thread', tmid: m.tmid ?? m._id } }) : undefined)}
    >
      <Box display="flex" style={{ gap: 8 }} fontScale="c1" color="hint">
        <Box fontScale="p2b" color="default">
          {m.u.name ?? m.u.username}
        </Box>
        <span>{shortStamp(m.ts)}</span>
        {m.tcount !== undefined && <span>{m.tcount} replies</span>}
      </Box>
      <Box fontScale="p2">
        <Markdown md={m.md} fallback={m.msg} />
      </Box>
    </Box>
  )
}
