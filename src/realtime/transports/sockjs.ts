import type { DdpConnection } from '../connection.js'

/**
 * SockJS framing for `/sockjs/<server>/<session>/websocket` (the Meteor web client's URL): the
 * server opens with `o`, sends `a["<json>",…]`, and receives `["<json>",…]`. Hand-written: only
 * the websocket transport of SockJS, which is these three rules.
 */
export function sockJsConnection(inner: DdpConnection): DdpConnection {
  return {
    send: (text) => inner.send(`a${JSON.stringify([text])}`),
    close: (code, reason) => inner.close(code, reason),
    remoteAddress: inner.remoteAddress,
  }
}

/** The DDP frames inside one SockJS client frame (`["…","…"]`), or `undefined` if it is not one. */
export function sockJsFrames(data: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(data)
    if (Array.isArray(parsed) && parsed.every((f) => typeof f === 'string')) return parsed as string[]
    if (typeof parsed === 'string') return [parsed]
  } catch {
    // not SockJS framing
  }
  return undefined
}

export const SOCKJS_PATH = /^\/sockjs\/[^/]+\/[^/]+\/websocket$/
