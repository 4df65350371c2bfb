import type { RocketChatMock } from '../../src/mock.js'

/** Everything a room write could touch, as JSON: equal before and after a refused request. */
export function roomState(mock: RocketChatMock): string {
  const { rooms, subscriptions, messages, trash, users } = mock.db
  return JSON.stringify([
    rooms.all(),
    subscriptions.all(),
    messages.count(),
    messages.all().slice(-20),
    trash.all(),
    users.all().map((u) => [u._id, u.settings, u.language]),
  ])
}
