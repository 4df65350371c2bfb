/**
 * The mock as a test instrument: global latency, injected faults and a log of answered requests.
 * Lives in the core so Node tests and the playground's panel drive the same switches.
 */
export interface Fault {
  /** `METHOD /api/...` of one endpoint, or `*` for every endpoint. */
  endpoint: string
  /** An HTTP status to answer with, or `network` for a network error. */
  status: number | 'network'
  /** How many requests to affect; `Infinity` until cleared. */
  remaining: number
  /** Optional body for a status fault (default: the server's envelope for that status). */
  body?: Record<string, unknown>
}

export interface RequestLogEntry {
  method: string
  endpoint: string
  status: number | 'network'
  durationMs: number
  at: string
  userId?: string | undefined
}

const LOG_LIMIT = 500

export class Controls {
  latencyMs = 0
  readonly faults: Fault[] = []
  readonly #log: RequestLogEntry[] = []

  /** Answer the next `times` requests to `endpoint` (or all, `*`) with `status` or a network error. */
  injectFault(fault: { endpoint: string; status: number | 'network'; times?: number; body?: Record<string, unknown> }): void {
    this.faults.push({ endpoint: fault.endpoint, status: fault.status, remaining: fault.times ?? 1, ...(fault.body ? { body: fault.body } : {}) })
  }

  clearFaults(): void {
    this.faults.length = 0
  }

  /** The fault for this request, if any (consumes one use). */
  takeFault(endpoint: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.remaining > 0 && (f.endpoint === endpoint || f.endpoint === '*'))
    if (i < 0) return undefined
    const fault = this.faults[i]!
    fault.remaining -= 1
    if (fault.remaining <= 0) this.faults.splice(i, 1)
    return fault
  }

  record(entry: RequestLogEntry): void {
    if (this.#log.length >= LOG_LIMIT) this.#log.shift()
    this.#log.push(entry)
  }

  /** The most recent requests (oldest first, at most 500). */
  log(): readonly RequestLogEntry[] {
    return this.#log
  }

  clearLog(): void {
    this.#log.length = 0
  }
}
