import { z } from 'zod'
import { defineEndpoint, type EndpointContext } from '../src/endpoint.js'
import { ApiError } from '../src/errors.js'
import * as EJSON from '../src/realtime/ejson.js'
import { b } from '../src/validation.js'

const callBody = z.strictObject({ message: b.string() })

/**
 * `POST method.call/:method` and `method.callAnon/:method`: a DDP method over REST, as the web
 * client sends every call but login-resume, logout, presence and stream writes. The body's
 * `message` is the EJSON text of `{msg: 'method', id, method, params}`; the `:method` segment is
 * informational. The answer is 200 with the EJSON `result` frame as `message` — method errors
 * included, as 8.x releases answer them.
 */
function callMethod({ core, user, authToken, body }: EndpointContext<unknown, z.infer<typeof callBody>, boolean>) {
  let frame: unknown
  try {
    frame = EJSON.parse(body.message)
  } catch {
    throw ApiError.plain('Invalid method call')
  }
  const { msg, id, method, params } = (frame ?? {}) as Record<string, unknown>
  if (msg !== 'method' || typeof id !== 'string' || typeof method !== 'string' || (params !== undefined && !Array.isArray(params))) {
    throw ApiError.plain('Invalid method call')
  }
  const realtime = core.realtime
  if (!realtime) throw ApiError.plain('Invalid method call')
  const caller = { userId: user?._id, token: authToken }
  const outcome = realtime.call(caller, method, (params as unknown[] | undefined) ?? [])
  const result: Record<string, unknown> = { msg: 'result', id }
  if ('error' in outcome) result.error = outcome.error.toJSON()
  else if (outcome.result !== undefined) result.result = outcome.result
  return { message: EJSON.stringify(result) }
}

export const methodCall = defineEndpoint({ method: 'POST', path: '/api/v1/method.call/:method', body: callBody, handle: callMethod })
export const methodCallAnon = defineEndpoint({ method: 'POST', path: '/api/v1/method.callAnon/:method', auth: false, body: callBody, handle: callMethod })

export const methodCallEndpoints = [methodCall, methodCallAnon]
