import {
  Avatar,
  Badge,
  Box,
  IconButton,
  SidebarItem,
  SidebarItemAvatarWrapper,
  SidebarItemBadge,
  SidebarItemCol,
  SidebarItemContent,
  SidebarItemIcon,
  SidebarItemRow,
  SidebarItemTimestamp,
  SidebarItemTitle,
  SidebarSection,
} from '@rocket.chat/fuselage'
import { useMemo } from 'react'
import { useApp } from '../client/context.js'
import { useRooms, useSubscriptions } from '../client/queries.js'
import type { Room, Subscription } from '../client/types.js'
import { avatarUrl } from '../lib/avatar.js'
import { shortStamp } from '../lib/dates.js'
import { useStore } from '../store/create-store.js'
import { logout, sessionStore } from '../store/session.js'
import { openRoom, uiStore } from '../store/ui.js'

/**
 * The sidebar: the signed-in user, then Favorites, Channels, Direct messages and Discussions,
 * newest activity first, with unread (and mention) badges. At phone width it is a drawer.
 */
export function Sidebar() {
  const { client } = useApp()
  const me = useStore(sessionStore, (s) => s.me)
  const rid = useStore(uiStore, (s) => s.rid)
  const subs = useSubscriptions(client)
  const rooms = useRooms(client)
  const sections = useMemo(() => group(subs.data ?? [], rooms.data ?? []), [subs.data, rooms.data])

  return (
    <Box is="nav" className="pg-sidebar" data-testid="sidebar" aria-label="Rooms">
      <Box display="flex" alignItems="center" padding={12} style={{ gap: 8 }} className="pg-sidebar-header">
        {me && <Avatar size="x28" url={avatarUrl(me.username, me.name)} />}
        <Box flexGrow={1} minWidth={0}>
          <Box fontScale="p2b" color="default" withTruncatedText>
            {me?.name}
          </Box>
          <Box fontScale="c1" color="hint" data-testid="current-user">
            @{me?.username}
          </Box>
        </Box>
        <IconButton small icon="arrow-back" title="Sign out" data-testid="sign-out" onClick={() => void logout(client)} />
      </Box>
      <Box className="pg-sidebar-list">
        {sections.map(([title, items]) =>
          items.length === 0 ? null : (
            <Box key={title} marginBlockEnd={8}>
              <SidebarSection>
                <Box fontScale="c2" color="hint" paddingInline={16} paddingBlockStart={8} paddingBlockEnd={4} textTransform="uppercase">
                  {title}
                </Box>
              </SidebarSection>
              {items.map(({ sub, room }) => (
                <RoomItem key={sub._id} sub={sub} room={room} selected={sub.rid === rid} />
              ))}
            </Box>
          ),
        )}
      </Box>
    </Box>
  )
}

function RoomItem({ sub, room, selected }: { sub: Subscription; room: Room | undefined; selected: boolean }) {
  const label = sub.fname ?? sub.name
  const unread = sub.unread ?? 0
  const mentions = (sub.userMentions ?? 0) + (sub.groupMentions ?? 0)
  const highlighted = unread > 0 || sub.alert === true
  const last = room?.lm ?? room?._updatedAt
  return (
    <SidebarItem
      is="a"
      href={`#${sub.rid}`}
      selected={selected}
      data-testid="room-item"
      data-rid={sub.rid}
      data-name={label}
      onClick={(e) => {
        e.preventDefault()
        openRoom(sub.rid)
      }}
    >
      {sub.t === 'd' ? (
        <SidebarItemAvatarWrapper>
          <Avatar size="x20" url={avatarUrl(sub.name, label)} />
        </SidebarItemAvatarWrapper>
      ) : (
        <SidebarItemIcon highlighted={highlighted} icon={sub.prid ? 'discussion' : sub.t === 'p' ? 'hashtag-lock' : 'hashtag'} />
      )}
      <SidebarItemCol>
        <SidebarItemRow>
          <SidebarItemTitle unread={highlighted}>{label}</SidebarItemTitle>
          {last && <SidebarItemTimestamp>{shortStamp(last)}</SidebarItemTimestamp>}
        </SidebarItemRow>
        <SidebarItemRow>
          <SidebarItemContent unread={highlighted}>{room?.lastMessage ? `${room.lastMessage.u.username}: ${room.lastMessage.msg}` : ''}</SidebarItemContent>
          {unread > 0 && (
            <SidebarItemBadge
              variant={mentions > 0 ? 'danger' : 'secondary'}
              data-testid="unread-badge"
              title={mentions > 0 ? `${mentions} mentions` : `${unread} unread`}
            >
              {unread}
            </SidebarItemBadge>
          )}
          {unread === 0 && (sub.tunread?.length ?? 0) > 0 && <Badge variant="primary" small title="Unread thread replies" />}
        </SidebarItemRow>
      </SidebarItemCol>
    </SidebarItem>
  )
}

type Entry = { sub: Subscription; room: Room | undefined }

function group(subs: Subscription[], rooms: Room[]): Array<[string, Entry[]]> {
  const byId = new Map(rooms.map((r) => [r._id, r]))
  const entries = subs
    .filter((s) => s.open !== false)
    .map((sub) => ({ sub, room: byId.get(sub.rid) }))
    .sort((a, b) => (b.room?.lm ?? b.room?._updatedAt ?? '').localeCompare(a.room?.lm ?? a.room?._updatedAt ?? ''))
  return [
    ['Favorites', entries.filter((e) => e.sub.f)],
    ['Channels', entries.filter((e) => !e.sub.f && e.sub.t !== 'd' && !e.sub.prid && !e.room?.prid)],
    ['Direct messages', entries.filter((e) => !e.sub.f && e.sub.t === 'd')],
    ['Discussions', entries.filter((e) => !e.sub.f && (e.sub.prid || e.room?.prid))],
  ]
}
