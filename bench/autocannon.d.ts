/** The part of autocannon's programmatic API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  export interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    /** Sum of all samples (for `requests`: completed requests). */
    total: number
    p50: number
    p90: number
    p99: number
    sent?: number
  }

  export interface Result {
    /** Seconds. */
    duration: number
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
  }

  /** One request of a `requests` sequence; `setupRequest` may rewrite it from the connection's context. */
  export interface RequestSpec {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
    setupRequest?: (request: RequestSpec, context: any) => RequestSpec
    onResponse?: (status: number, body: string, context: any, headers: Record<string, string>) => void
  }

  export interface Options {
    url: string
    connections?: number
    /** Seconds. */
    duration?: number
    amount?: number
    method?: string
    headers?: Record<string, string>
    body?: string
    pipelining?: number
    timeout?: number
    /** A sequence every connection loops over (its context is reset at each restart). */
    requests?: RequestSpec[]
    initialContext?: Record<string, unknown>
  }

  export interface Instance extends Promise<Result> {
    stop(): void
  }

  function autocannon(options: Options): Instance
  export default autocannon
}
