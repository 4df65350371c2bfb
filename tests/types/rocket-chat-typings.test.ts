import type { IEditedMessage, IMessage, IRoom, ISubscription } from '@rocket.chat/core-typings'
import { describe, expectTypeOf, it } from 'vitest'
import type { Message, Room, Subscription } from '../../src/db/index.js'

/**
 * The stored records, whose types come from our zod schemas, line up with Rocket.Chat's own
 * typings for the fields clients read. A drift in either breaks the type check (`npm test`).
 */
type Common<A, B> = { [K in keyof A & keyof B]: A[K] }

describe('records vs @rocket.chat/core-typings', () => {
  it('messages carry IMessage core fields with compatible types', () => {
    expectTypeOf<Pick<Message, '_id' | 'rid' | 'msg' | 'ts' | '_updatedAt' | 'tmid' | 'tcount' | 'tlm' | 'drid' | 'dcount'>>().toExtend<
      Pick<IMessage, '_id' | 'rid' | 'msg' | 'ts' | '_updatedAt' | 'tmid' | 'tcount' | 'tlm' | 'drid' | 'dcount'>
    >()
    expectTypeOf<Message['u']>().toExtend<IMessage['u']>()
    expectTypeOf<NonNullable<Message['starred']>>().toExtend<NonNullable<IMessage['starred']>>()
    expectTypeOf<NonNullable<Message['editedBy']>>().toExtend<IEditedMessage['editedBy']>()
    expectTypeOf<NonNullable<Message['replies']>>().toExtend<NonNullable<IMessage['replies']>>()
  })

  it('rooms carry IRoom core fields', () => {
    expectTypeOf<Pick<Room, '_id' | 'msgs' | 'usersCount' | 'ts' | '_updatedAt' | 'lm' | 'topic' | 'ro' | 'uids' | 'usernames'>>().toExtend<
      Pick<IRoom, '_id' | 'msgs' | 'usersCount' | 'ts' | '_updatedAt' | 'lm' | 'topic' | 'ro' | 'uids' | 'usernames'>
    >()
    expectTypeOf<Room['t']>().toExtend<IRoom['t']>()
  })

  it('subscriptions carry ISubscription counters and flags', () => {
    type Fields = 'rid' | 'name' | 'open' | 'alert' | 'unread' | 'userMentions' | 'groupMentions' | 'ls' | 'tunread' | 'ignored' | 'blocked' | 'blocker'
    expectTypeOf<Pick<Subscription, Fields>>().toExtend<Pick<ISubscription, Fields>>()
    expectTypeOf<Subscription['u']>().toExtend<ISubscription['u']>()
    expectTypeOf<Common<Subscription, ISubscription>['t']>().toExtend<ISubscription['t']>()
  })
})
