import { describe, expect, it } from 'vitest'
import { setup } from '../../helpers.js'

const t = setup()

const INFO = { version: '8.6', minimumClientVersions: { desktop: '3.9.6', mobile: '4.39.0' }, success: true }

describe('GET /api/info', () => {
  it('answers without authentication, with the server version trimmed to major.minor', async () => {
    const res = await t.api('/api/info')
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual(INFO)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('pragma')).toBe('no-cache')
  })

  it('answers the same for a logged-in user', async () => {
    const res = await t.api('/api/info', { as: 'demo' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual(INFO)
  })

  it('ignores wrong credentials (the route does not require auth)', async () => {
    const res = await t.api('/api/info', { as: { userId: 'nobody', authToken: 'bad' } })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual(INFO)
  })

  it('is not under /api/v1', async () => {
    const res = await t.api('/api/info', { query: { anything: 'x' } })
    expect(res.status).toBe(200)
    expect(res.body.version).toBe('8.6')
  })

  it('adds the full version and an `info` object for a caller with view-statistics (admin), as the real server does', async () => {
    const res = await t.api('/api/info', { as: 'admin' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({
      version: '8.6.0',
      info: {
        version: '8.6.0',
        build: { nodeVersion: 'v22.16.0', platform: 'linux', arch: 'x64' },
        marketplaceApiVersion: '1.60.0',
        commit: {
          hash: '5d6e8b7a3c2f1e0d9b8a7c6f5e4d3c2b1a0f9e8d',
          date: 'Mon Nov 3 12:00:00 2025 +0000',
          author: 'Rocket.Chat',
          subject: 'Release 8.6.0',
          tag: '8.6.0',
          branch: 'master',
        },
      },
      minimumClientVersions: { desktop: '3.9.6', mobile: '4.39.0' },
      success: true,
    })
    // The permission decides, not the persona: grant it to users and demo sees the same.
    t.mock.setPermission('view-statistics', ['admin', 'user'])
    expect((await t.api('/api/info', { as: 'demo' })).body.version).toBe('8.6.0')
  })
})
