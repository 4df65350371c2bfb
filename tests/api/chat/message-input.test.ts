import { describe, expect, it } from 'vitest'
import { NOW, setup } from '../../helpers.js'

/**
 * What a client may put in a message (chat.sendMessage, chat.postMessage): server-owned keys are
 * dropped, typed keys refused with the server's 400 when mistyped, attachments checked like the
 * server's validators (types, `javascript:` and other non-http URLs), custom fields against the
 * Message_CustomFields schema. Every refusal leaves the database as it was.
 */
const t = setup()
const send = (as: string, message: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  t.api('chat.sendMessage', { as, body: { message, ...extra } })
const post = (as: string, body: Record<string, unknown>) => t.api('chat.postMessage', { as, body })

/** Everything a refused request could have touched. */
function state(): string {
  const { db } = t.mock
  return JSON.stringify([db.messages.all(), db.rooms.all(), db.subscriptions.all(), db.trash.all()])
}

async function expectRefused(request: () => Promise<{ status: number; body: unknown }>, body: unknown): Promise<void> {
  const before = state()
  const res = await request()
  expect(res.status).toBe(400)
  expect(res.body).toStrictEqual(body)
  expect(state()).toBe(before)
}

describe('chat.sendMessage: server-owned keys', () => {
  it('drops pinned, tcount, replies, starred, reactions and the rest: bob cannot forge state', async () => {
    t.mock.clock.set(NOW)
    const alice = t.user('alice')
    const res = await send('bob', {
      rid: 'GENERAL',
      msg: 'f',
      pinned: true,
      pinnedAt: NOW,
      pinnedBy: { _id: alice._id, username: 'alice' },
      tcount: 7,
      tlm: NOW,
      replies: ['x'],
      starred: [{ _id: alice._id }],
      reactions: { ':+1:': { usernames: ['alice', 'admin'] } },
      editedAt: NOW,
      editedBy: { _id: alice._id, username: 'alice' },
      drid: 'GENERAL',
      dcount: 3,
      dlm: NOW,
      _hidden: true,
      parent: 'x',
      translations: { de: 'hallo' },
      u: { _id: alice._id, username: 'alice' },
      _updatedAt: '2020-01-01T00:00:00.000Z',
      mentions: [{ _id: alice._id, username: 'alice' }],
      urls: [{ url: 'https://evil.example' }],
    })
    expect(res.status).toBe(200)
    const id = res.body.message._id as string
    const stored = t.message(id)!
    for (const key of [
      'pinned',
      'pinnedAt',
      'pinnedBy',
      'tcount',
      'tlm',
      'replies',
      'starred',
      'reactions',
      'editedAt',
      'editedBy',
      'drid',
      'dcount',
      'dlm',
      '_hidden',
      'parent',
      'translations',
    ]) {
      expect(stored, key).not.toHaveProperty(key)
      expect(res.body.message, key).not.toHaveProperty(key)
    }
    expect(stored.u.username).toBe('bob')
    expect(stored.mentions).toStrictEqual([])
    expect(stored.urls).toStrictEqual([])
    expect(res.body.message._updatedAt).toBe(NOW)

    const pinned = await t.api('chat.getPinnedMessages', { as: 'bob', query: { roomId: 'GENERAL' } })
    expect(pinned.body.messages.map((m: { _id: string }) => m._id)).not.toContain(id)
    const starred = await t.api('chat.getStarredMessages', { as: 'alice', query: { roomId: 'GENERAL' } })
    expect(starred.body.messages.map((m: { _id: string }) => m._id)).not.toContain(id)
    const history = await t.api('channels.history', { as: 'alice', query: { roomId: 'GENERAL', count: 1 } })
    expect(history.body.messages[0]._id).toBe(id)
  })

  it.each([
    ['pinned', 'yes'],
    ['tcount', 'many'],
    ['tlm', 'soon'],
    ['replies', 'x'],
    ['reactions', [1]],
    ['starred', 'yes'],
    ['pinnedAt', 5],
    ['pinnedBy', 'alice'],
    ['editedAt', '2026-03-01T10:00:00.000Z'],
    ['editedBy', 1],
    ['drid', 5],
    ['dcount', 'x'],
    ['dlm', {}],
    ['_hidden', 'yes'],
    ['parent', 1],
    ['translations', 'de'],
  ])('a wrongly typed %s is dropped, not a 500', async (key, value) => {
    const res = await send('demo', { rid: 'GENERAL', msg: 'typed', [key]: value })
    expect(res.status).toBe(200)
    expect(t.message(res.body.message._id)).not.toHaveProperty(key)
  })

  it.each([
    ['t', 5, 'string', 'number'],
    ['groupable', 'yes', 'boolean', 'string'],
    ['parseUrls', 'no', 'boolean', 'string'],
    ['e2e', true, 'string', 'boolean'],
    ['content', 'x', 'object', 'string'],
    ['bot', [1], 'object', 'array'],
    ['sentByEmail', 1, 'boolean', 'number'],
    ['text', 12, 'string', 'number'],
  ])('refuses a wrongly typed client key %s with the check error', async (key, value, expected, got) => {
    await expectRefused(() => send('demo', { rid: 'GENERAL', msg: 'x', [key]: value }), {
      success: false,
      error: `Match error: Expected ${expected}, got ${got} in field ${key}`,
    })
  })

  it('keeps correctly typed client keys (groupable, parseUrls, e2e) and unknown ones', async () => {
    const res = await send('demo', { rid: 'GENERAL', msg: 'see https://example.com', groupable: false, parseUrls: false, e2e: 'pending', role: 'x' })
    expect(res.status).toBe(200)
    expect(res.body.message).toMatchObject({ groupable: false, parseUrls: false, e2e: 'pending', role: 'x' })
    expect(res.body.message).not.toHaveProperty('urls')
  })
})

const URL_FIELDS = ['thumb_url', 'message_link', 'author_link', 'author_icon', 'title_link', 'image_url', 'audio_url', 'video_url']

describe('attachments', () => {
  it.each(URL_FIELDS)('refuses javascript: in attachment.%s (send and post)', async (field) => {
    const attachment = { color: '#ff0000', text: 'Yay for gruggy!', [field]: 'javascript:alert("xss")' }
    await expectRefused(() => send('demo', { rid: 'GENERAL', msg: 'x', attachments: [attachment] }), { success: false, error: 'Invalid href value provided' })
    await expectRefused(() => post('demo', { channel: '#general', text: 'x', attachments: [attachment] }), {
      success: false,
      error: 'Invalid href value provided',
    })
  })

  it.each(['ftp://example.com/a', 'mailto:a@b.c', '//evil.example/a', 'relative/path', 'JAVASCRIPT:alert(1)'])('refuses the non-http URL %s', async (url) => {
    await expectRefused(() => send('demo', { rid: 'GENERAL', msg: 'x', attachments: [{ title_link: url }] }), {
      success: false,
      error: 'Invalid href value provided',
    })
  })

  it('refuses javascript: in an action url or image_url, and in the message avatar', async () => {
    for (const action of [
      { type: 'button', text: 'Text', url: 'javascript:alert(1)' },
      { type: 'button', url: 'https://a.example', image_url: 'javascript:x' },
    ]) {
      await expectRefused(() => send('admin', { rid: 'GENERAL', msg: 'x', attachments: [{ title: 'A', actions: [action] }] }), {
        success: false,
        error: 'Invalid href value provided',
      })
    }
    await expectRefused(() => post('admin', { channel: '#general', text: 'x', avatar: 'javascript:alert("xss")' }), {
      success: false,
      error: 'Invalid href value provided',
    })
  })

  it('refuses the wrong types the server tests send (message_link: 12, title_link_download, fields)', async () => {
    await expectRefused(() => post('demo', { channel: '#general', text: 'x', attachments: [{ message_link: 12 }] }), {
      success: false,
      error: 'Match error: Expected string, got number in field message_link',
    })
    await expectRefused(() => post('demo', { channel: '#general', text: 'x', attachments: [{ title_link_download: 'https://youtube.com' }] }), {
      success: false,
      error: 'Match error: Expected boolean, got string in field title_link_download',
    })
    await expectRefused(() => post('demo', { channel: '#general', text: 'x', attachments: [{ fields: '' }] }), {
      success: false,
      error: 'Match error: Expected array, got string in field fields',
    })
    await expectRefused(() => send('demo', { rid: 'GENERAL', msg: 'x', attachments: [{ fields: [{ short: true, title: 12, value: false }] }] }), {
      success: false,
      error: 'Match error: Expected string, got number in field title',
    })
    await expectRefused(() => send('demo', { rid: 'GENERAL', msg: 'x', attachments: [{ fields: [{ title: 'T' }] }] }), {
      success: false,
      error: 'Invalid attachment field, title and value is required',
    })
    await expectRefused(() => send('demo', { rid: 'GENERAL', msg: 'x', attachments: [{ image_size: '12' }] }), {
      success: false,
      error: 'Match error: Expected number, got string in field image_size',
    })
  })

  it('accepts the full attachment of the server tests, and upload paths', async () => {
    const attachment = {
      color: '#ff0000',
      text: 'Yay for gruggy!',
      ts: '2016-12-09T16:53:06.761Z',
      thumb_url: 'http://res.guggy.com/logo_128.png',
      message_link: 'https://google.com',
      collapsed: false,
      author_name: 'Bradley Hilton',
      author_link: 'https://rocket.chat/',
      author_icon: 'https://avatars.githubusercontent.com/u/850391?v=3',
      title: 'Attachment Example',
      title_link: 'https://youtube.com',
      title_link_download: true,
      image_url: '/file-upload/abc/logo.png',
      audio_url: 'http://www.w3schools.com/tags/horse.mp3',
      video_url: 'http://www.w3schools.com/tags/movie.mp4',
      fields: [
        { short: true, title: 'Test', value: 'Testing out something or other' },
        { short: true, title: 'Another Test', value: '[Link](https://google.com/) something and this and that.' },
      ],
    }
    const res = await send('demo', { _id: 'attach-1', rid: 'GENERAL', msg: 'Sample message', emoji: ':smirk:', attachments: [attachment] })
    expect(res.status).toBe(200)
    expect(res.body.message.attachments).toStrictEqual([attachment])
  })
})

describe('custom fields (Message_CustomFields)', () => {
  const schema = JSON.stringify({ properties: { priority: { type: 'string', nullable: false, enum: ['low', 'medium', 'high'] } }, required: ['priority'] })

  it('refuses customFields that do not match the schema, on send, post and update', async () => {
    t.use({ settings: { Message_CustomFields_Enabled: true, Message_CustomFields: schema } })
    const invalid = { success: false, error: 'Invalid custom fields' }
    for (const customFields of [{}, { field1: 'value1' }, { priority: 'urgent' }, { priority: 'low', extra: 1 }]) {
      await expectRefused(() => send('demo', { rid: 'GENERAL', msg: 'Sample message', customFields }), invalid)
      await expectRefused(() => post('demo', { roomId: 'GENERAL', text: 'Sample message', customFields }), invalid)
    }
    const own = await send('demo', { rid: 'GENERAL', msg: 'mine' })
    await expectRefused(
      () => t.api('chat.update', { as: 'demo', body: { roomId: 'GENERAL', msgId: own.body.message._id, text: 'edited', customFields: { field1: 'value1' } } }),
      invalid,
    )
  })

  it('accepts matching customFields (and none at all)', async () => {
    t.use({ settings: { Message_CustomFields_Enabled: true, Message_CustomFields: schema } })
    const sent = await send('demo', { rid: 'GENERAL', msg: 'Sample message', customFields: { priority: 'low' } })
    expect(sent.status).toBe(200)
    expect(sent.body.message.customFields).toStrictEqual({ priority: 'low' })
    const posted = await post('demo', { roomId: 'GENERAL', text: 'Sample message', customFields: { priority: 'high' } })
    expect(posted.body.message.customFields).toStrictEqual({ priority: 'high' })
    expect((await send('demo', { rid: 'GENERAL', msg: 'plain' })).status).toBe(200)
    const updated = await t.api('chat.update', {
      as: 'demo',
      body: { roomId: 'GENERAL', msgId: sent.body.message._id, text: 'Sample message Updated', customFields: { priority: 'medium' } },
    })
    expect(updated.body.message.customFields).toStrictEqual({ priority: 'medium' })
  })

  it('answers "Custom fields not enabled" while the switch is off, whatever the schema', async () => {
    t.use({ settings: { Message_CustomFields: schema } })
    await expectRefused(() => send('demo', { rid: 'GENERAL', msg: 'x', customFields: { priority: 'low' } }), {
      success: false,
      error: 'Custom fields not enabled',
    })
  })
})

describe('bad-words filter (Message_AllowBadWordsFilter)', () => {
  const settings = { Message_AllowBadWordsFilter: true, Message_BadWordsFilterList: 'badword,badword2' }

  it('censors on send, post and update, md included', async () => {
    t.use({ settings })
    const sent = await send('demo', { rid: 'GENERAL', msg: 'This message has badword badword2' })
    expect(sent.body.message.msg).toBe('This message has ******* ********')
    expect(sent.body.message.md).toStrictEqual([{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 'This message has ******* ********' }] }])
    const posted = await post('demo', { channel: '#general', text: 'badword here' })
    expect(posted.body.message.msg).toBe('******* here')
    const updated = await t.api('chat.update', { as: 'demo', body: { roomId: 'GENERAL', msgId: posted.body.message._id, text: 'now badword2' } })
    expect(updated.body.message.msg).toBe('now ********')
    expect(t.message(posted.body.message._id)!.msg).toBe('now ********')
  })

  it('keeps whitelisted words and leaves texts alone while the filter is off', async () => {
    t.use({ settings: { ...settings, Message_BadWordsWhitelist: 'badword2' } })
    expect((await send('demo', { rid: 'GENERAL', msg: 'badword badword2' })).body.message.msg).toBe('******* badword2')
    t.use({ settings: { Message_BadWordsFilterList: 'badword' } })
    expect((await send('demo', { rid: 'GENERAL', msg: 'badword' })).body.message.msg).toBe('badword')
  })
})

describe('chat.postMessage to a DM that does not exist yet', () => {
  it('a refused post (bad attachment, alias, bad avatar) creates no DM and no subscription', async () => {
    const rid = t.dmId('bob', 'ena_denesik')
    expect(t.mock.db.rooms.get(rid)).toBeUndefined()
    for (const body of [
      { channel: '@ena_denesik', text: 'hi', attachments: [{ title_link: 'javascript:alert(1)' }] },
      { roomId: t.user('ena_denesik')._id, text: 'hi', alias: 'x' },
      { roomId: '@ena_denesik', text: 'hi', avatar: 0 },
    ]) {
      await expectRefused(() => post('bob', body), expect.objectContaining({ success: false }))
    }
    expect(t.mock.db.rooms.get(rid)).toBeUndefined()
    const ok = await post('bob', { channel: '@ena_denesik', text: 'hi' })
    expect(ok.status).toBe(200)
    expect(ok.body.message.rid).toBe(rid)
  })
})
