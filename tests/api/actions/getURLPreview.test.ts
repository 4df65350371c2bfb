import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, setup } from '../../helpers.js'
import { legacyInvalidQuery, meteor } from './fixtures.js'

const t = setup()
const preview = (as: string, url: string, roomId = 'GENERAL') => t.api('chat.getURLPreview', { as, query: { roomId, url } })

describe('GET /api/v1/chat.getURLPreview', () => {
  it('builds an HTML page preview from the host and path, offline and deterministic', async () => {
    const url = 'https://www.rocket.chat/blog/release-notes'
    const res = await preview('demo', url)
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['urlPreview', 'success'])
    const { urlPreview } = res.body
    expect(urlPreview).toMatchObject({
      url,
      meta: {
        pageTitle: 'Release Notes | Rocket',
        ogTitle: 'Release Notes | Rocket',
        ogSiteName: 'Rocket',
        ogType: 'article',
        ogUrl: url,
        twitterCard: 'summary_large_image',
      },
      headers: { contentType: 'text/html; charset=utf-8' },
      ignoreParse: true,
    })
    expect(urlPreview.meta.description).toMatch(/^Release Notes: /)
    expect(urlPreview.meta.ogImage).toMatch(/^data:image\/svg\+xml,/)
    expect(urlPreview.headers.contentLength).toMatch(/^\d+$/)
    // Same seed and URL: same preview (for alice too, and after a reset).
    expect((await preview('alice', url)).body.urlPreview).toStrictEqual(urlPreview)
    t.mock.reset()
    expect((await t.api('chat.getURLPreview', { as: t.mock.login('alice'), query: { roomId: 'GENERAL', url } })).body.urlPreview).toStrictEqual(urlPreview)
    // Another seed picks other details.
    t.use({ seed: 7 })
    const other = (await preview('demo', url)).body.urlPreview
    expect(other.meta.pageTitle).toBe(urlPreview.meta.pageTitle)
    expect(other.meta.description === urlPreview.meta.description && other.headers.contentLength === urlPreview.headers.contentLength).toBe(false)
  })

  it('a site root is named after its host', async () => {
    const res = await preview('demo', 'https://github.com/')
    expect(res.body.urlPreview.meta).toMatchObject({ pageTitle: 'Github', ogSiteName: 'Github', ogType: 'website' })
  })

  it('a file answers its headers only (meta stays empty), like the spec example', async () => {
    const url = 'http://www.w3schools.com/tags/movie.mp4'
    const res = await preview('demo', url)
    expect(res.body.urlPreview).toStrictEqual({
      url,
      meta: {},
      headers: { contentType: 'video/mp4', contentLength: expect.stringMatching(/^\d+$/) },
      ignoreParse: true,
    })
    expect((await preview('demo', 'https://example.com/logo.PNG')).body.urlPreview.headers.contentType).toBe('image/png')
  })

  it('never fails because of the URL: what the server would not fetch gets `meta: {}`', async () => {
    for (const url of [
      'not a url',
      'ftp://example.com/file',
      'http://localhost/x',
      'http://127.0.0.1/',
      'http://192.168.1.10/admin',
      'https://example.com:8443/',
      'javascript:alert(1)',
      '',
    ]) {
      const res = await preview('demo', url)
      expect(res.status, url).toBe(200)
      expect(res.body.urlPreview, url).toStrictEqual({ url, meta: {}, ignoreParse: true })
    }
  })

  it('refuses rooms the caller cannot read', async () => {
    const NOT_ALLOWED = meteor('error-not-allowed', 'Not allowed')
    expect((await preview('demo', 'https://example.com', t.room('leadership')._id)).body).toStrictEqual(NOT_ALLOWED)
    expect((await preview('demo', 'https://example.com', 'nope')).body).toStrictEqual(NOT_ALLOWED)
    expect((await preview('alice', 'https://example.com', t.room('leadership')._id)).status).toBe(200)
  })

  it('validates the query', async () => {
    expect((await t.api('chat.getURLPreview', { as: 'demo', query: { roomId: 'GENERAL' } })).body).toStrictEqual(
      legacyInvalidQuery("must have required property 'url'"),
    )
    expect((await t.api('chat.getURLPreview', { as: 'demo', query: { url: 'https://example.com' } })).body).toStrictEqual(
      legacyInvalidQuery("must have required property 'roomId'"),
    )
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.getURLPreview', { query: { roomId: 'GENERAL', url: 'https://example.com' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
