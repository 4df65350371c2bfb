import { request as httpRequest, Agent } from 'node:http'
import { connect } from 'node:net'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { http, HttpResponse, getResponse } from 'msw'
import type { RequestHandler } from 'msw'
import { startHttpServer } from './server.js'
import type { RunningHttpServer } from './server.js'

const BODY_LIMIT = 64 * 1024

const handlers: RequestHandler[] = [
  http.post('*/api/v1/echo', async ({ request }) => {
    const body = (await request.json()) as Record<string, unknown>
    return HttpResponse.json({ success: true, received: body, contentType: request.headers.get('content-type') })
  }),
  http.get('*/api/v1/query', ({ request }) => {
    const url = new URL(request.url)
    return HttpResponse.json({ search: url.search, roomId: url.searchParams.get('roomId'), tags: url.searchParams.getAll('tag') })
  }),
  http.get('*/api/v1/boom', () => {
    throw new Error('boom (expected by the test)')
  }),
  http.get('*/api/v1/cookies', () => {
    const headers = new Headers()
    headers.append('set-cookie', 'rc_uid=u1; Path=/')
    headers.append('set-cookie', 'rc_token=t1; Path=/; HttpOnly')
    return new HttpResponse(null, { status: 204, statusText: 'Nothing Here', headers })
  }),
  http.get('*/api/v1/slow/:id', async ({ params }) => {
    await new Promise((resolve) => setTimeout(resolve, Number(params.id) % 7))
    return HttpResponse.json({ id: params.id })
  }),
  http.get('*/api/v1/stream', () => {
    const encoder = new TextEncoder()
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('data: one\n\n'))
        controller.enqueue(encoder.encode('data: two\n\n'))
        controller.close()
      },
    })
    return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream' } })
  }),
  http.get('*/api/v1/wrong-length', () => {
    return new HttpResponse('{"ok":true}', { headers: { 'content-type': 'application/json', 'content-length': '999' } })
  }),
  http.get('*/api/v1/hang', () => {
    // Headers go out, the body never ends.
    return new HttpResponse(new ReadableStream<Uint8Array>({ start() {} }), {
      headers: { 'content-type': 'text/event-stream' },
    })
  }),
]

const errors: unknown[] = []
let server: RunningHttpServer

beforeAll(async () => {
  server = await startHttpServer({
    port: 0,
    bodyLimit: BODY_LIMIT,
    handle: (request) => getResponse(handlers, request),
    onError: (error) => errors.push(error),
  })
})

afterAll(async () => {
  await server.close()
})

/** Sends raw bytes over a fresh TCP connection and returns everything the server wrote back. */
function rawExchange(payload: string | Buffer, opts: { halfClose?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, server.host)
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
    socket.on('connect', () => {
      socket.write(payload)
      if (opts.halfClose === true) socket.end()
    })
    setTimeout(() => socket.destroy(), 3000).unref()
  })
}

describe('startHttpServer', () => {
  it('listens on a free port and reports its url', () => {
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    expect(server.host).toBe('127.0.0.1')
  })

  it('round-trips a JSON POST body', async () => {
    const payload = { msg: 'hello ✓', rid: 'GENERAL', nested: { list: [1, 2, 3] } }
    const res = await fetch(`${server.url}/api/v1/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({ success: true, received: payload, contentType: 'application/json' })
  })

  it('preserves the query string', async () => {
    const res = await fetch(`${server.url}/api/v1/query?roomId=GENERAL&tag=a&tag=b%20c`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ search: '?roomId=GENERAL&tag=a&tag=b%20c', roomId: 'GENERAL', tags: ['a', 'b c'] })
  })

  it('answers 404 with the exact JSON for an unhandled path', async () => {
    const res = await fetch(`${server.url}/api/v1/nope`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.text()).toBe('{"success":false,"error":"Resource not found"}')
  })

  it('answers 413 for an oversized body declared with Content-Length', async () => {
    const res = await fetch(`${server.url}/api/v1/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array(BODY_LIMIT + 1),
    })
    expect(res.status).toBe(413)
    expect(await res.text()).toBe('{"success":false,"error":"Request entity too large"}')
  })

  it('answers 413 for an oversized chunked body', async () => {
    const chunk = new Uint8Array(16 * 1024)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > BODY_LIMIT * 4) controller.close()
        else {
          sent += chunk.length
          controller.enqueue(chunk)
        }
      },
    })
    const res = await fetch(`${server.url}/api/v1/echo`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' })
    expect(res.status).toBe(413)
    expect(await res.text()).toBe('{"success":false,"error":"Request entity too large"}')
  })

  it('accepts a body exactly at the limit', async () => {
    const json = JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT - 10) })
    expect(Buffer.byteLength(json)).toBe(BODY_LIMIT)
    const res = await fetch(`${server.url}/api/v1/echo`, { method: 'POST', body: json })
    expect(res.status).toBe(200)
  })

  it('answers 500 with the exact JSON when the handler throws, and keeps serving', async () => {
    const before = errors.length
    const res = await fetch(`${server.url}/api/v1/boom`)
    expect(res.status).toBe(500)
    expect(await res.text()).toBe('{"success":false,"error":"Internal server error"}')
    expect(errors.length).toBe(before + 1)
    const again = await fetch(`${server.url}/api/v1/query?x=1`)
    expect(again.status).toBe(200)
  })

  it('writes status text and every Set-Cookie header', async () => {
    const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      httpRequest(`${server.url}/api/v1/cookies`, resolve).on('error', reject).end()
    })
    res.resume()
    expect(res.statusCode).toBe(204)
    expect(res.statusMessage).toBe('Nothing Here')
    expect(res.headers['set-cookie']).toEqual(['rc_uid=u1; Path=/', 'rc_token=t1; Path=/; HttpOnly'])
  })

  it('streams bodies without Content-Length', async () => {
    const res = await fetch(`${server.url}/api/v1/stream`)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(await res.text()).toBe('data: one\n\ndata: two\n\n')
  })

  it('replaces a wrong Content-Length set by a handler with the real one', async () => {
    const res = await fetch(`${server.url}/api/v1/wrong-length`)
    expect(res.headers.get('content-length')).toBe('11')
    expect(await res.json()).toEqual({ ok: true })
  })

  it('answers 413 to an oversized Expect: 100-continue upload without asking for the body', async () => {
    const result = await new Promise<{ status: number | undefined; body: string; continued: boolean }>((resolve, reject) => {
      let continued = false
      const req = httpRequest(`${server.url}/api/v1/echo`, {
        method: 'POST',
        headers: { expect: '100-continue', 'content-length': String(BODY_LIMIT * 2) },
      })
      req.on('continue', () => {
        continued = true
      })
      req.on('response', (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode, body, continued }))
      })
      req.on('error', reject)
      req.flushHeaders()
    })
    expect(result).toEqual({ status: 413, body: '{"success":false,"error":"Request entity too large"}', continued: false })
  })

  it('answers many concurrent requests', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => i)
    const results = await Promise.all(
      ids.map(async (id) => {
        const res = await fetch(`${server.url}/api/v1/slow/${id}`)
        return ((await res.json()) as { id: string }).id
      }),
    )
    expect(results).toEqual(ids.map(String))
  })

  it('answers 400 to a malformed request and survives half-closed and aborted sockets', async () => {
    const garbage = await rawExchange('THIS IS NOT HTTP\r\n\r\n')
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /)
    expect(garbage).toContain('{"success":false,"error":"Bad request"}')

    // Half-closed: request sent, then FIN; the response still arrives.
    const halfClosed = await rawExchange('GET /api/v1/query?a=1 HTTP/1.1\r\nHost: x\r\n\r\n', { halfClose: true })
    expect(halfClosed).toMatch(/^HTTP\/1\.1 200 /)
    expect(halfClosed).toContain('"search":"?a=1"')

    // Aborted mid-body: headers promise 1000 bytes, 10 arrive, then the socket is destroyed.
    await new Promise<void>((resolve) => {
      const socket = connect(server.port, server.host, () => {
        socket.write('POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789')
        setTimeout(() => {
          socket.destroy()
          resolve()
        }, 20)
      })
    })

    const res = await fetch(`${server.url}/api/v1/query?still=alive`)
    expect(res.status).toBe(200)
  })

  it('close() resolves with an idle keep-alive connection and with a hanging response', async () => {
    const local = await startHttpServer({
      port: 0,
      handle: (request) => getResponse(handlers, request),
      onError: () => {},
    })
    const agent = new Agent({ keepAlive: true })
    // 1. a completed request leaves an idle keep-alive socket in the agent
    const status = await new Promise<number | undefined>((resolve, reject) => {
      httpRequest(`${local.url}/api/v1/query?k=1`, { agent }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode))
      })
        .on('error', reject)
        .end()
    })
    expect(status).toBe(200)
    expect(agent.freeSockets).not.toEqual({})
    // 2. a response whose body never ends
    await new Promise<void>((resolve, reject) => {
      httpRequest(`${local.url}/api/v1/hang`, (res) => {
        res.on('error', () => {})
        res.resume()
        resolve()
      })
        .on('error', () => {})
        .on('error', reject)
        .end()
    })

    const started = performance.now()
    await local.close()
    const elapsed = performance.now() - started
    expect(elapsed).toBeLessThan(3000)
    expect(local.server.listening).toBe(false)
    agent.destroy()
  })

  it('close() resolves quickly when only idle keep-alive connections are open', async () => {
    const local = await startHttpServer({ port: 0, handle: (request) => getResponse(handlers, request) })
    const agent = new Agent({ keepAlive: true })
    await new Promise<void>((resolve, reject) => {
      httpRequest(`${local.url}/api/v1/query`, { agent }, (res) => {
        res.resume()
        res.on('end', resolve)
      })
        .on('error', reject)
        .end()
    })
    const started = performance.now()
    await local.close()
    expect(performance.now() - started).toBeLessThan(500)
    await local.close() // idempotent
    agent.destroy()
  })

  it('rejects when the port is taken', async () => {
    await expect(startHttpServer({ port: server.port, handle: async () => undefined })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    })
  })
})
