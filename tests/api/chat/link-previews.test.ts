import { describe, expect, it } from 'vitest'
import { setup } from '../../helpers.js'

/**
 * Link previews and quotes on send and edit: links get `meta`/`headers` from the same offline
 * generator chat.getURLPreview answers with (only the `previewUrls` ones when given, none beyond
 * five external links or with attachments); links to a message of the workspace become quotes.
 */
const t = setup()
const send = (message: Record<string, unknown>, extra: Record<string, unknown> = {}, as = 'demo') =>
  t.api('chat.sendMessage', { as, body: { message, ...extra } })
const update = (msgId: string, text: string, as = 'demo') => t.api('chat.update', { as, body: { roomId: 'GENERAL', msgId, text } })
const preview = async (url: string) => (await t.api('chat.getURLPreview', { as: 'demo', query: { roomId: 'GENERAL', url } })).body.urlPreview

describe('link previews on send', () => {
  it('fills meta and headers from the preview generator, kept on later reads', async () => {
    const url = 'https://www.rocket.chat/'
    const res = await send({ rid: 'GENERAL', msg: `look ${url}` })
    const expected = await preview(url)
    expect(res.body.message.urls).toStrictEqual([{ url, meta: expected.meta, headers: expected.headers }])
    const got = await t.api('chat.getMessage', { as: 'alice', query: { msgId: res.body.message._id } })
    expect(got.body.message.urls).toStrictEqual(res.body.message.urls)
  })

  it('gives a YouTube link an oembedHtml iframe and an image link its contentType', async () => {
    const yt = await send({ rid: 'GENERAL', msg: 'https://www.youtube.com/watch?v=T2v29gK8fP4', emoji: ':smirk:' })
    expect(yt.body.message.urls[0].meta.oembedHtml).toContain('<iframe style="max-width: 100%;width:400px;height:225px"')
    expect(yt.body.message.urls[0].meta.oembedHtml).toContain('https://www.youtube.com/embed/T2v29gK8fP4')
    const img = await send({ rid: 'GENERAL', msg: 'https://cdn.example.com/images/logo/logo.png' })
    expect(img.body.message.urls[0]).toStrictEqual({
      url: 'https://cdn.example.com/images/logo/logo.png',
      meta: {},
      headers: { contentType: 'image/png', contentLength: expect.stringMatching(/^\d+$/) },
    })
  })

  it('previews only the chosen previewUrls, none with an empty list', async () => {
    const both = await send(
      { rid: 'GENERAL', msg: 'https://www.youtube.com/watch?v=T2v29gK8fP4 https://www.rocket.chat/' },
      { previewUrls: ['https://www.rocket.chat/'] },
    )
    const [first, second] = both.body.message.urls
    expect(first).toStrictEqual({ url: 'https://www.youtube.com/watch?v=T2v29gK8fP4', meta: {}, ignoreParse: true })
    expect(second).not.toHaveProperty('ignoreParse')
    expect(second.meta.ogSiteName).toBe('Rocket')
    const none = await send({ rid: 'GENERAL', msg: 'https://www.youtube.com/watch?v=T2v29gK8fP4' }, { previewUrls: [] })
    expect(none.body.message.urls).toStrictEqual([{ url: 'https://www.youtube.com/watch?v=T2v29gK8fP4', meta: {}, ignoreParse: true }])
  })

  it('previews nothing with more than five external links, with attachments, or with API_Embed off', async () => {
    const urls = ['no050HN4ojo', '9iaSd13mqXA', 'MW_qsbgt1KQ', 'hLF1XwH5rd4', 'Eo-F9hRBbTk', '08ms3W7adFI'].map((v) => `https://www.youtube.com/watch?v=${v}`)
    const six = await send({ rid: 'GENERAL', msg: urls.join(' ') }, { previewUrls: urls })
    expect(six.body.message.urls).toStrictEqual(urls.map((url) => ({ url, meta: {} })))
    const attached = await send({ rid: 'GENERAL', msg: 'https://www.rocket.chat/', attachments: [{ text: 'x' }] })
    expect(attached.body.message.urls).toStrictEqual([{ url: 'https://www.rocket.chat/', meta: {} }])
    t.use({ settings: { API_Embed: false } })
    const off = await send({ rid: 'GENERAL', msg: 'https://www.rocket.chat/' })
    expect(off.body.message.urls).toStrictEqual([{ url: 'https://www.rocket.chat/', meta: {} }])
  })

  it('leaves hosts the server never fetches without meta', async () => {
    const res = await send({ rid: 'GENERAL', msg: 'http://localhost:3000/images/logo/logo.png http://10.1.2.3/a' })
    expect(res.body.message.urls).toStrictEqual([
      { url: 'http://localhost:3000/images/logo/logo.png', meta: {} },
      { url: 'http://10.1.2.3/a', meta: {} },
    ])
  })
})

describe('quotes', () => {
  const link = (id: string) => `http://localhost:3000/channel/general?msg=${id}`

  it('a link to a readable message becomes a quote attachment on send, and is not previewed', async () => {
    const quoted = await send({ rid: 'GENERAL', msg: 'the original' }, {}, 'alice')
    const res = await send({ rid: 'GENERAL', msg: `Testing quotes ${link(quoted.body.message._id)}` })
    expect(res.body.message.attachments).toStrictEqual([
      {
        text: 'the original',
        md: quoted.body.message.md,
        message_link: link(quoted.body.message._id),
        author_name: 'alice',
        author_icon: '/avatar/alice',
        attachments: [],
        ts: quoted.body.message.ts,
      },
    ])
    expect(res.body.message.urls).toStrictEqual([{ url: link(quoted.body.message._id), meta: {}, ignoreParse: true }])
  })

  it('chat.update adds, replaces and erases quote attachments', async () => {
    const first = (await send({ rid: 'GENERAL', msg: 'first' })).body.message
    const second = (await send({ rid: 'GENERAL', msg: 'second' })).body.message
    const own = (await send({ rid: 'GENERAL', msg: 'This message was edited via API' })).body.message

    const added = await update(own._id, `Testing quotes ${link(first._id)}`)
    expect(added.body.message.attachments.map((a: { message_link: string }) => a.message_link)).toStrictEqual([link(first._id)])
    const replaced = await update(own._id, `Testing quotes ${link(second._id)}`)
    expect(replaced.body.message.attachments.map((a: { message_link: string }) => a.message_link)).toStrictEqual([link(second._id)])
    const both = await update(own._id, `${link(first._id)} Testing quotes ${link(second._id)}`)
    expect(both.body.message.attachments.map((a: { message_link: string }) => a.message_link)).toStrictEqual([link(first._id), link(second._id)])
    const erased = await update(own._id, 'This message was edited via API again')
    expect(erased.body.message.attachments).toStrictEqual([])
    expect(t.message(own._id)!.attachments).toStrictEqual([])
  })

  it('a link to a message the sender cannot read is left as a link', async () => {
    const dm = t.dmId('alice', 'bob')
    const secret = (await send({ rid: dm, msg: 'secret' }, {}, 'alice')).body.message
    const res = await send({ rid: 'GENERAL', msg: `peek ${link(secret._id)}` })
    expect(res.body.message).not.toHaveProperty('attachments')
  })
})

describe('chat.update refuses an empty text', () => {
  it.each(['', '   '])('%j: 400, nothing changes', async (text) => {
    const own = (await send({ rid: 'GENERAL', msg: 'keep me' })).body.message
    const before = JSON.stringify(t.message(own._id))
    const res = await update(own._id, text)
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'Message cannot be empty [error-invalid-message]',
      errorType: 'error-invalid-message',
      details: { method: 'updateMessage' },
    })
    expect(JSON.stringify(t.message(own._id))).toBe(before)
  })
})
