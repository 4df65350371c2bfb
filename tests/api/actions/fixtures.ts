import { expect } from 'vitest'
import type { Harness } from '../../helpers.js'

/**
 * Everything a message action could write, as JSON: compare before/after a refused request to
 * prove it wrote nothing. Log the users in first (a login writes a token).
 */
export function dbState(t: Harness): string {
  const db = t.mock.db
  return JSON.stringify({
    messages: db.messages.all(),
    rooms: db.rooms.all(),
    subscriptions: db.subscriptions.all(),
    reports: db.reports.all(),
    readReceipts: db.readReceipts.all(),
    trash: db.trash.all(),
  })
}

/** Run `request` and check it changed nothing in the database (and was not a 5xx). */
export async function expectNoWrite<T extends { status: number }>(t: Harness, users: string[], request: () => Promise<T>): Promise<T> {
  for (const user of users) t.login(user)
  const before = dbState(t)
  const res = await request()
  expect(res.status).toBeLessThan(500)
  expect(dbState(t)).toBe(before)
  return res
}

/** A Meteor-style error body: `"<reason> [<code>]"`, `errorType`, optional `details`. */
export function meteor(code: string, reason: string, details?: Record<string, unknown>) {
  return details
    ? { success: false, error: `${reason} [${code}]`, errorType: code, details }
    : { success: false, error: `${reason} [${code}]`, errorType: code }
}

/** A plain `Error('text')` / `API.v1.failure('text')` body. */
export function plain(text: string) {
  return { success: false, error: text }
}

/** A query-validation failure (`error-invalid-params`). */
export function invalidQuery(text: string) {
  return { success: false, errorType: 'error-invalid-params', error: text }
}

/** A validation failure on a route of the server's older style (`"<ajv> [invalid-params]"`). */
export function legacyInvalidQuery(text: string) {
  return { success: false, error: `${text} [invalid-params]`, errorType: 'invalid-params' }
}

/** A body-validation failure (`invalid-params`). */
export function invalidBody(text: string) {
  return { success: false, errorType: 'invalid-params', error: text }
}
