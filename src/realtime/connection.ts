/**
 * What the DDP server needs of a transport: send a text frame, close. A transport (MSW's `ws`
 * interception, the standalone server's `ws` upgrade) wraps its socket in this and hands the
 * session every text frame it receives; the session never knows which one it is on.
 */
export interface DdpConnection {
  send(text: string): void
  close(code?: number, reason?: string): void
  /** The client's address, when the transport knows it. */
  readonly remoteAddress?: string | undefined
}

/** Close codes the server uses. */
export const CLOSE = {
  /** A frame larger than the server accepts (RFC 6455 "message too big"). */
  tooBig: 1009,
  /** Heartbeat timeout or unsupported DDP version. */
  normal: 1000,
} as const
