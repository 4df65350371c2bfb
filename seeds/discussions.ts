import type { Core } from '../src/core.js'
import type { Message, Room, User } from '../src/db/index.js'
import { createDiscussion, refreshDiscussionMetadata } from '../src/domain/discussions.js'
import { insertMessage } from '../src/domain/messages.js'
import { DEFAULT_TEXTS } from './default.js'

const MINUTE = 60_000

/** The default scenario's discussions (fixed titles tests can look for). */
export const DEFAULT_DISCUSSIONS = {
  general: 'Release 3.2 retro notes',
  leadership: 'Q3 hiring plan',
} as const

/**
 * Discussions of the default scenario: one in GENERAL started by alice from the retro thread's
 * time (members alice, bob, demo, admin) and a private one in `leadership` (admin and alice). Each
 * is placed in history right after the message it grew out of, has a few messages of its own, and
 * its `discussion-created` message carries `drid`, `dcount` and `dlm`.
 */
export function seedDiscussions(core: Core): void {
  const [admin, demo, alice, bob] = ['admin', 'demo', 'alice', 'bob'].map((name) => core.findUser(name))
  const general = core.db.rooms.get('GENERAL')
  const leadership = core.findRoom('leadership')
  if (!admin || !demo || !alice || !bob || !general || !leadership) return

  const retro = find(core, general, DEFAULT_TEXTS.retro)
  if (retro) {
    discussion(core, general, alice, [bob, demo, admin], DEFAULT_DISCUSSIONS.general, retro.ts, [
      [alice, 'Collecting notes for the retro here. What went well?'],
      [bob, 'The sync endpoints landed early :tada:'],
      [demo, 'Flaky staging deploys slowed us down.'],
      [admin, 'Let us track that as an action item for @bob.'],
    ])
  }
  const planning = find(core, leadership, 'Quarterly planning notes go here.')
  if (planning) {
    discussion(core, leadership, admin, [alice], DEFAULT_DISCUSSIONS.leadership, planning.ts, [
      [admin, 'Draft numbers are in the planning sheet.'],
      [alice, 'Reviewed them, two open questions for Friday.'],
    ])
  }
}

function find(core: Core, room: Room, text: string): Message | undefined {
  return core.db.messages.sorted('room', room._id).find((m) => m.msg === text)
}

function discussion(core: Core, parent: Room, creator: User, members: User[], title: string, after: Date, lines: Array<[User, string]>): void {
  let at = after.getTime() + MINUTE
  const { room } = createDiscussion(core, { parent, creator, members, title, ts: new Date(at) })
  for (const [author, msg] of lines) {
    at += 2 * MINUTE
    insertMessage(core, room, author, { msg, ts: new Date(at) })
  }
  refreshDiscussionMetadata(core, core.db.rooms.get(room._id)!)
}
