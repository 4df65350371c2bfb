import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { setup } from '../../helpers.js'

/**
 * Validation errors per endpoint, as Rocket.Chat's own end-to-end tests assert them: the chat.*
 * GET routes still on the older route style (`"<ajv> [invalid-params]"`), the hand-written checks
 * some run before any schema, and their order.
 */
const t = setup()
const get = (path: string, query: Record<string, string> = {}, as = 'demo') => t.api(path, { as, query })
const legacy = (error: string) => ({ success: false, error: `${error} [invalid-params]`, errorType: 'invalid-params' })

describe('older-style routes: invalid-params with the ajv message', () => {
  it.each([
    ['chat.syncMessages', {}, "must have required property 'roomId'"],
    ['chat.syncMessages', { roomId: 'GENERAL', type: 'invalid-type', next: '1' }, 'must be equal to one of the allowed values'],
    ['chat.getThreadsList', {}, "must have required property 'rid'"],
    ['chat.getThreadsList', { rid: 'GENERAL', type: 'invalid-type' }, 'must be equal to one of the allowed values'],
    ['chat.getURLPreview', { roomId: 'GENERAL' }, "must have required property 'url'"],
    ['chat.getStarredMessages', {}, "must have required property 'roomId'"],
    ['chat.getMentionedMessages', {}, "must have required property 'roomId'"],
    ['chat.getMentionedMessages', { roomId: 'GENERAL', bogus: '1' }, 'must NOT have additional properties'],
  ])('%s %j', async (path, query, error) => {
    const res = await get(path, query)
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual(legacy(error))
  })

  it('leaves the newer routes on error-invalid-params', async () => {
    const res = await get('chat.getMessage')
    expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error: "must have required property 'msgId'" })
  })
})

describe('hand-written checks before the schema', () => {
  it('chat.getDeletedMessages: roomId, then since, then a valid date', async () => {
    const since = new Date('20 December 2018 17:51 UTC').toISOString()
    const one = (text: string) => ({ success: false, error: `[${text}]`, errorType: text })
    expect((await get('chat.getDeletedMessages', { since, count: '1', offset: '0' })).body).toStrictEqual(one('The required "roomId" query param is missing.'))
    expect((await get('chat.getDeletedMessages', { roomId: 'GENERAL', count: '1', offset: '0' })).body).toStrictEqual(
      one('The required "since" query param is missing.'),
    )
    const bad = await get('chat.getDeletedMessages', { roomId: 'GENERAL', since: 'InvalidaDate', count: '1', offset: '0' })
    expect(bad.status).toBe(400)
    expect(bad.body).toStrictEqual(one('The "since" query parameter must be a valid date.'))
    const ok = await get('chat.getDeletedMessages', { roomId: 'GENERAL', since, count: '1', offset: '0' })
    expect(ok.body).toMatchObject({ success: true, offset: 0 })
  })

  it('chat.getPinnedMessages without roomId', async () => {
    const res = await get('chat.getPinnedMessages', { count: '1', offset: '0' })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'The required "roomId" query param is missing. [error-roomId-param-not-provided]',
      errorType: 'error-roomId-param-not-provided',
    })
  })

  it('chat.syncThreadsList: threads disabled first, then rid, then updatedSince missing or invalid', async () => {
    const meteor = (code: string, reason: string) => ({ success: false, error: `${reason} [${code}]`, errorType: code })
    expect((await get('chat.syncThreadsList')).body).toStrictEqual(meteor('error-room-id-param-not-provided', 'The required "rid" query param is missing.'))
    expect((await get('chat.syncThreadsList', { rid: 'GENERAL' })).body).toStrictEqual(
      meteor('error-updatedSince-param-invalid', 'The required param "updatedSince" is missing.'),
    )
    expect((await get('chat.syncThreadsList', { rid: 'GENERAL', updatedSince: 'invalid-date' })).body).toStrictEqual(
      meteor('error-updatedSince-param-invalid', 'The "updatedSince" query parameter must be a valid date.'),
    )
    const ok = await get('chat.syncThreadsList', { rid: 'GENERAL', updatedSince: new Date('2019-04-01').toISOString() })
    expect(ok.body.threads.update.map((m: { _id: string }) => m._id)).toContain(t.messageByText(DEFAULT_TEXTS.retro)._id)

    t.use({ settings: { Threads_enabled: false } })
    const disabled = meteor('error-not-allowed', 'Threads Disabled')
    expect((await get('chat.syncThreadsList')).body).toStrictEqual(disabled)
    expect((await get('chat.syncThreadsList', { rid: 'GENERAL', updatedSince: 'updatedSince' })).body).toStrictEqual(disabled)
  })

  it('chat.syncThreadMessages: threads disabled first, then tmid, then updatedSince', async () => {
    const meteor = (code: string, reason: string) => ({ success: false, error: `${reason} [${code}]`, errorType: code })
    const tmid = t.messageByText(DEFAULT_TEXTS.retro)._id
    expect((await get('chat.syncThreadMessages')).body).toStrictEqual(meteor('error-invalid-params', 'The required "tmid" query param is missing.'))
    expect((await get('chat.syncThreadMessages', { tmid })).body).toStrictEqual(
      meteor('error-updatedSince-param-invalid', 'The required param "updatedSince" is missing.'),
    )
    expect((await get('chat.syncThreadMessages', { tmid, updatedSince: 'invalid-date' })).body).toStrictEqual(
      meteor('error-updatedSince-param-invalid', 'The "updatedSince" query parameter must be a valid date.'),
    )
    t.use({ settings: { Threads_enabled: false } })
    expect((await get('chat.syncThreadMessages', { tmid, updatedSince: 'updatedSince' })).body).toStrictEqual(meteor('error-not-allowed', 'Threads Disabled'))
  })

  it('chat.ignoreUser with an unknown rid or userId (ignore left out)', async () => {
    const invalid = {
      success: false,
      error: 'Invalid subscription [error-invalid-subscription]',
      errorType: 'error-invalid-subscription',
      details: { method: 'ignoreUser' },
    }
    expect((await get('chat.ignoreUser', { rid: 'invalid', userId: 'rocket.cat' })).body).toStrictEqual(invalid)
    expect((await get('chat.ignoreUser', { rid: t.dmId('demo', 'alice'), userId: 'invalid' })).body).toStrictEqual(invalid)
    const ok = await get('chat.ignoreUser', { rid: t.dmId('demo', 'alice'), userId: t.user('alice')._id })
    expect(ok.body).toStrictEqual({ success: true })
    expect(t.mock.core.subscription(t.dmId('demo', 'alice'), t.user('demo')._id)!.ignored).toStrictEqual([t.user('alice')._id])
  })
})
