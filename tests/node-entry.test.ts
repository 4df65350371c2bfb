import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterEach, describe, expect, it } from 'vitest'
import { createMockFetch, createRocketChatMock, installMockFetch, installSocketHandleFix, startRocketChatServer } from '../src/node.js'

const json = { 'Content-Type': 'application/json' }

describe('rocketchat-msw/node', () => {
  let restore: (() => void) | undefined
  afterEach(() => {
    restore?.()
    restore = undefined
  })

  it('createMockFetch answers with the mock handlers, no interception', async () => {
    const mock = createRocketChatMock({ seed: 42 })
    const mockFetch = createMockFetch({ handlers: mock.handlers, onUnhandledRequest: 'error' })
    const login = await mockFetch('http://localhost:3000/api/v1/login', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ user: 'alice', password: 'alice' }),
    })
    expect(login.status).toBe(200)
    const { data } = (await login.json()) as { data: { userId: string; authToken: string } }
    expect(data.userId).toBe(mock.db.users.unique('username', 'alice')!._id)
    const posted = await mockFetch('http://localhost:3000/api/v1/chat.postMessage', {
      method: 'POST',
      headers: { ...json, 'X-User-Id': data.userId, 'X-Auth-Token': data.authToken },
      body: JSON.stringify({ roomId: 'GENERAL', text: 'through createMockFetch' }),
    })
    const body = (await posted.json()) as { message: { _id: string; msg: string } }
    expect(body.message.msg).toBe('through createMockFetch')
    expect(mock.db.messages.get(body.message._id)?.u.username).toBe('alice')
    expect(posted.url).toBe('http://localhost:3000/api/v1/chat.postMessage')
  })

  it('createMockFetch refuses unknown requests when asked to, and bypasses to the given fetch by default', async () => {
    const mock = createRocketChatMock({ seed: 42, scenario: 'empty' })
    const strict = createMockFetch({ handlers: mock.handlers, onUnhandledRequest: 'error' })
    await expect(strict('http://localhost:3000/not-the-api')).rejects.toThrow('fetch failed')
    const seen: string[] = []
    const lenient = createMockFetch({
      handlers: () => mock.handlers,
      fetch: async (input) => {
        seen.push(String(input instanceof Request ? input.url : input))
        return new Response('real')
      },
    })
    expect(await (await lenient('http://localhost:3000/not-the-api')).text()).toBe('real')
    expect(seen).toEqual(['http://localhost:3000/not-the-api'])
  })

  it('installMockFetch swaps the global fetch and restores it', async () => {
    const original = globalThis.fetch
    const mock = createRocketChatMock({ seed: 42, scenario: 'empty' })
    const installed = installMockFetch({ handlers: mock.handlers })
    restore = installed.restore
    expect(globalThis.fetch).toBe(installed.fetch)
    const info = (await (await fetch('http://anything.test/api/info')).json()) as { version: string }
    expect(info.version).toBe('8.6')
    installed.restore()
    restore = undefined
    expect(globalThis.fetch).toBe(original)
  })

  it('startRocketChatServer intercepts fetch with setupServer, and the socket fix leaves it working', async () => {
    const uninstall = installSocketHandleFix()
    const { mock, close } = startRocketChatServer({ seed: 42, scenario: 'empty', listen: { onUnhandledFrame: 'bypass' } })
    try {
      const { userId, authToken } = mock.login('bob')
      for (let i = 0; i < 3; i++) {
        const res = await fetch('http://localhost:3000/api/v1/me', { headers: { 'X-User-Id': userId, 'X-Auth-Token': authToken, Connection: 'close' } })
        expect(((await res.json()) as { username: string }).username).toBe('bob')
      }
    } finally {
      close()
      uninstall()
    }
  })

  it('other handlers still take precedence when prepended', async () => {
    const mock = createRocketChatMock({ seed: 42, scenario: 'empty' })
    const server = setupServer(
      http.get('*/api/info', () => HttpResponse.json({ version: 'overridden' })),
      ...mock.handlers,
    )
    server.listen()
    try {
      expect(((await (await fetch('http://localhost:3000/api/info')).json()) as { version: string }).version).toBe('overridden')
    } finally {
      server.close()
    }
  })
})

describe('requests the mock does not serve', () => {
  it('stay unhandled, so MSW reports them (onUnhandledFrame: error)', async () => {
    const mock = createRocketChatMock({ seed: 42, scenario: 'empty' })
    const server = setupServer(...mock.handlers)
    server.listen({ onUnhandledFrame: 'error' })
    try {
      await expect(fetch('http://localhost:3000/api/v1/teams.list')).rejects.toThrow()
      expect((await fetch('http://localhost:3000/api/info')).status).toBe(200)
    } finally {
      server.close()
    }
  })

  it('with a baseUrl, only that origin and path prefix are served', async () => {
    const mock = createRocketChatMock({ seed: 42, scenario: 'empty', baseUrl: 'https://chat.example.com/rc' })
    const f = createMockFetch({ handlers: mock.handlers, onUnhandledRequest: 'error' })
    expect((await f('https://chat.example.com/rc/api/info')).status).toBe(200)
    await expect(f('https://chat.example.com/api/info')).rejects.toThrow('fetch failed')
    await expect(f('https://other.example.com/rc/api/info')).rejects.toThrow('fetch failed')
  })
})
