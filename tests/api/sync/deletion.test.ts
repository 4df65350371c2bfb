/**
 * The deletion model (reference §0.9 / §2.1) as the sync endpoints see it: trash by default,
 * `rm` tombstones for thread roots and with Message_ShowDeletedStatus, hidden history copies with
 * Message_KeepHistory (always for a thread root), reply deletions lowering the root's tcount, and
 * the room's lastMessage recomputed.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, NOW, setup } from '../../helpers.js'

const t = setup()
const T0 = Date.parse(NOW)
const at = (ms: number) => new Date(T0 + ms).toISOString()
const del = (as: string, msgId: string, roomId = 'GENERAL') => t.api('chat.delete', { as, body: { roomId, msgId } })
const changes = async (as: string, lastUpdate: string, roomId = 'GENERAL') =>
  (await t.api('chat.syncMessages', { as, query: { roomId, lastUpdate } })).body.result
const roomInfo = async (roomId = 'GENERAL') => (await t.api('rooms.info', { as: 'admin', query: { roomId } })).body.room

describe('deletion as the sync endpoints report it', () => {
  it('default: the message moves to the trash with all its fields, its old _updatedAt and _deletedAt', async () => {
    t.mock.clock.set(NOW)
    const sent = await t.send('alice', { rid: 'GENERAL', msg: 'to the trash @bob' })
    const stored = json(t.message(sent._id)) as Record<string, unknown>
    t.mock.clock.set(T0 + 1000)
    expect((await del('alice', sent._id)).status).toBe(200)

    expect(t.message(sent._id)).toBeUndefined()
    expect(json(t.mock.db.trash.get(sent._id))).toStrictEqual({ ...stored, _deletedAt: at(1000), __collection__: 'message' })
    expect(await changes('demo', at(-1))).toStrictEqual({ updated: [], deleted: [{ _id: sent._id, _deletedAt: at(1000) }] })
    const ids = (await t.api('chat.getDeletedMessages', { as: 'demo', query: { roomId: 'GENERAL', since: NOW } })).body.messages
    expect(ids).toStrictEqual([{ _id: sent._id }])
  })

  it('a thread root becomes an rm tombstone and gets a hidden history copy, even with KeepHistory off', async () => {
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const before = json(release) as Record<string, unknown>
    const admin = t.user('admin')
    t.mock.clock.set(NOW)
    expect((await del('admin', release._id)).status).toBe(200)

    const tomb = json(t.message(release._id)) as Record<string, unknown>
    const { md: _md, ...kept } = before
    expect(tomb).toStrictEqual({
      ...kept,
      t: 'rm',
      msg: '',
      urls: [],
      mentions: [],
      attachments: [],
      reactions: {},
      editedAt: NOW,
      editedBy: { _id: admin._id, username: 'admin' },
      // The hidden copy is stamped first (NOW), the tombstone right after it.
      _updatedAt: '2026-03-01T10:00:00.001Z',
    })
    const copies = t.mock.db.messages.all().filter((m) => m.parent === release._id)
    expect(copies).toHaveLength(1)
    const { _id: copyId, ...copy } = json(copies[0]) as Record<string, unknown>
    const { _id: _rootId, ...original } = before
    expect(copy).toStrictEqual({
      ...original,
      _hidden: true,
      parent: release._id,
      editedAt: NOW,
      editedBy: { _id: admin._id, username: 'admin' },
      _updatedAt: NOW,
    })
    expect(copyId).not.toBe(release._id)

    // syncMessages: the tombstone is an update, the hidden copy is never reported, nothing is "deleted".
    expect(await changes('demo', at(-1))).toStrictEqual({ updated: [tomb], deleted: [] })
    // The replies stay, and the room keeps counting them.
    expect((await t.api('chat.getThreadMessages', { as: 'demo', query: { tmid: release._id } })).body.total).toBe(2)
  })

  it('deleting a reply lowers the root tcount (tlm and replies unchanged) and clears that thread from every tunread', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const reply = t.messageByText('Perfect, thanks @admin!')
    const holders = t.mock.db.subscriptions
      .sorted('room', 'GENERAL')
      .filter((s) => s.tunread?.includes(retro._id))
      .map((s) => s.u.username)
    expect(holders.sort()).toStrictEqual(['admin', 'alice', 'bob', 'demo'])
    t.mock.clock.set(NOW)
    expect((await del('alice', reply._id)).status).toBe(200)

    const root = t.message(retro._id)!
    expect(root).toMatchObject({ tcount: 3, tlm: retro.tlm, replies: retro.replies })
    // Stamped right after the deletion's own stamp (NOW): two message writes never share one.
    expect(root._updatedAt.toISOString()).toBe('2026-03-01T10:00:00.001Z')
    for (const sub of t.mock.db.subscriptions.sorted('room', 'GENERAL')) {
      expect(sub.tunread ?? [], sub.u.username).not.toContain(retro._id)
      expect(sub.tunreadUser ?? [], sub.u.username).not.toContain(retro._id)
    }
    expect(await changes('demo', at(-1))).toStrictEqual({ updated: [json(root)], deleted: [{ _id: reply._id, _deletedAt: NOW }] })
    const thread = (await t.api('chat.syncThreadMessages', { as: 'demo', query: { tmid: retro._id, updatedSince: at(-1) } })).body.messages
    expect(thread.update).toStrictEqual([])
    expect(thread.remove.map((m: { _id: string }) => m._id)).toStrictEqual([reply._id])
  })

  it('Message_ShowDeletedStatus: a plain message becomes a tombstone in place (no trash, no copy)', async () => {
    t.use({ settings: { Message_ShowDeletedStatus: true } })
    t.mock.clock.set(NOW)
    const sent = await t.send('bob', { rid: 'GENERAL', msg: 'soon gone' })
    t.mock.clock.set(T0 + 1)
    await del('bob', sent._id)
    expect(t.message(sent._id)).toMatchObject({ t: 'rm', msg: '' })
    expect(t.mock.db.trash.get(sent._id)).toBeUndefined()
    expect(t.mock.db.messages.all().some((m) => m.parent === sent._id)).toBe(false)
    expect(await changes('demo', NOW)).toStrictEqual({ updated: [json(t.message(sent._id))], deleted: [] })
  })

  it('Message_KeepHistory + ShowDeletedStatus: hidden copy of the pre-delete message, then the tombstone', async () => {
    t.use({ settings: { Message_ShowDeletedStatus: true, Message_KeepHistory: true } })
    t.mock.clock.set(NOW)
    const sent = await t.send('bob', { rid: 'GENERAL', msg: 'keep a copy' })
    t.mock.clock.set(T0 + 5)
    await del('admin', sent._id)
    const copy = t.mock.db.messages.all().find((m) => m.parent === sent._id)!
    expect(json(copy)).toMatchObject({ _hidden: true, msg: 'keep a copy', editedAt: at(5), editedBy: { username: 'admin' }, _updatedAt: at(5) })
    expect(await changes('demo', NOW)).toStrictEqual({ updated: [json(t.message(sent._id))], deleted: [] })
  })

  describe("the room's lastMessage", () => {
    it('deleting the last message restores the previous visible one; thread-only replies and tombstones are skipped', async () => {
      t.mock.clock.set(NOW)
      const root = await t.send('demo', { rid: 'GENERAL', msg: 'root of a new thread' })
      const last = await t.send('alice', { rid: 'GENERAL', msg: 'the last word' })
      await t.send('bob', { rid: 'GENERAL', msg: 'thread-only reply', tmid: root._id })
      expect((await roomInfo()).lastMessage._id).toBe(last._id)
      const msgs = (await roomInfo()).msgs

      t.mock.clock.set(T0 + 1000)
      await del('alice', last._id)
      let room = await roomInfo()
      expect(room.lastMessage._id).toBe(root._id)
      expect(room.msgs).toBe(msgs - 1)
      expect(room._updatedAt).toBe(at(1000))

      // The root becomes a tombstone (it has a reply): the previous seeded message takes over.
      await del('demo', root._id)
      room = await roomInfo()
      expect(room.lastMessage.msg).toBe('Heads up: the staging deploy is green again.')
      expect(room.msgs).toBe(msgs - 2)
    })

    it('a tshow reply counts, and so does an e2e reply (t: "e2e" is a user message even in a thread)', async () => {
      // One millisecond apart: "newest" is by ts.
      const tick = () => t.mock.clock.advance(1)
      t.mock.clock.set(NOW)
      const root = await t.send('demo', { rid: 'GENERAL', msg: 'root' })
      tick()
      const shown = await t.send('bob', { rid: 'GENERAL', msg: 'also in the channel', tmid: root._id, tshow: true })
      tick()
      const last = await t.send('alice', { rid: 'GENERAL', msg: 'plain' })
      await del('alice', last._id)
      expect((await roomInfo()).lastMessage._id).toBe(shown._id)

      tick()
      const secret = await t.send('alice', { rid: 'GENERAL', msg: 'ciphertext', tmid: root._id, t: 'e2e' })
      tick()
      const plain = await t.send('alice', { rid: 'GENERAL', msg: 'plain again' })
      await del('alice', plain._id)
      expect((await roomInfo()).lastMessage._id).toBe(secret._id)
    })

    it('deleting a message that is not the last one leaves lastMessage alone but still counts msgs down', async () => {
      const before = await roomInfo()
      await del('alice', t.messageByText('Hi all! Glad to be here.')._id)
      const after = await roomInfo()
      expect(after.lastMessage).toStrictEqual(before.lastMessage)
      expect(after.msgs).toBe(before.msgs - 1)
    })
  })
})
