import { describe, expect, it } from 'vitest'
import { httpApi, loginAll, serveCli } from './cli.js'
import type { ApiMessage } from './helpers.js'

// Its own file: a file with the setupServer harness would answer these requests in-process.

describe('rocketchat-msw serve --activity', () => {
  it('posts on its own over HTTP with a running clock', async () => {
    const cli = await serveCli(['--activity=200'])
    try {
      const api = httpApi(cli.url, await loginAll(cli.url, ['demo']))
      const as = 'demo'
      const since = new Date().toISOString()
      let posted: ApiMessage[] = []
      for (let i = 0; i < 40 && posted.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 250))
        posted = (await api('channels.history', { as, query: { roomId: 'GENERAL', oldest: since } })).body.messages
      }
      expect(posted.length).toBeGreaterThan(0)
      expect(['admin', 'demo']).not.toContain(posted[0]!.u.username)
    } finally {
      await cli.stop()
    }
  })
})
