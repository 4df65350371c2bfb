import type { Core } from '../core.js'
import type { Room } from '../db/index.js'
import { touchMessage } from './touch.js'

/**
 * `refreshDiscussionMetadata`: the parent's `discussion-created` message(s) carry the discussion's
 * message count (`dcount`) and last message date (`dlm`). Call after posting into a discussion.
 */
export function refreshDiscussionMetadata(core: Core, discussion: Room): void {
  if (!discussion.prid) return
  for (const message of core.db.messages.sorted('roomDiscussions', discussion.prid).slice()) {
    if (message.drid !== discussion._id) continue
    touchMessage(core, message, (m) => {
      m.dcount = discussion.msgs
      if (discussion.lm) m.dlm = discussion.lm
    })
  }
}
