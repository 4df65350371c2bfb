/**
 * The browser half of the realtime e2e: the mock in a service worker (`startRocketChatWorker`,
 * i.e. `setupWorker(...mock.handlers)`), and Rocket.Chat's own DDP client in the page. The
 * runner (`../realtime.e2e.ts`) calls `window.realtime.*` and checks what they return.
 */
import { DDPSDK } from '@rocket.chat/ddp-client'
import { startRocketChatWorker } from '../../../src/browser.js'

async function login(user: string): Promise<{ userId: string; authToken: string }> {
  const res = await fetch('/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user, password: user }) })
  return (await res.json()).data
}

async function post(as: { userId: string; authToken: string }, path: string, body: unknown): Promise<any> {
  const res = await fetch(`/api/v1/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-User-Id': as.userId, 'X-Auth-Token': as.authToken },
    body: JSON.stringify(body),
  })
  return res.json()
}

function waitFor<T>(register: (resolve: (value: T) => void) => void, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms)
    register((value) => {
      clearTimeout(timer)
      resolve(value)
    })
  })
}

const realtime = {
  /** A raw socket: connect → connected. */
  async handshake(): Promise<unknown> {
    const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/websocket`)
    await waitFor((resolve) => ws.addEventListener('open', () => resolve(undefined)))
    const frame = waitFor<string>((resolve) => ws.addEventListener('message', (e) => resolve(String(e.data))))
    ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }))
    const text = await frame
    ws.close()
    return JSON.parse(text)
  },
  /** alice (DDPSDK) watches GENERAL; bob posts, edits, reacts and deletes over REST. */
  async liveRoom(): Promise<Record<string, unknown>> {
    const alice = await login('alice')
    const bob = await login('bob')
    const sdk = await DDPSDK.createAndConnect(location.origin)
    await sdk.account.loginWithToken(alice.authToken)
    const events: any[] = []
    let notify: () => void = () => {}
    await sdk
      .stream('room-messages', 'GENERAL', (m: any) => {
        events.push(m)
        notify()
      })
      .ready()
    const deleted = waitFor<any>((resolve) => sdk.stream('notify-room', 'GENERAL/deleteMessage', (d: any) => resolve(d)))
    const next = (count: number) =>
      waitFor<void>((resolve) => {
        notify = () => events.length >= count && resolve()
        notify()
      })
    const sent = await post(bob, 'chat.sendMessage', { message: { rid: 'GENERAL', msg: 'hello from the worker' } })
    await next(1)
    await post(bob, 'chat.update', { roomId: 'GENERAL', msgId: sent.message._id, text: 'edited in the browser' })
    await next(2)
    await post(bob, 'chat.react', { messageId: sent.message._id, emoji: ':tada:' })
    await next(3)
    await new Promise((r) => setTimeout(r, 50))
    await post(bob, 'chat.delete', { roomId: 'GENERAL', msgId: sent.message._id })
    const gone = await deleted
    sdk.connection.close()
    return {
      uid: sdk.account.uid,
      aliceId: alice.userId,
      id: sent.message._id,
      posted: { msg: events[0].msg, user: events[0].u.username, ts: events[0].ts },
      edited: events[1].msg,
      reactions: events[2].reactions,
      deleted: gone,
    }
  },
}

declare global {
  interface Window {
    realtime: typeof realtime
    realtimeReady: boolean
  }
}

await startRocketChatWorker({ seed: 42, worker: { quiet: true } })
window.realtime = realtime
window.realtimeReady = true
document.getElementById('status')!.textContent = 'ready'
