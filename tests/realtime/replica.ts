/** What the stream-replica property tests share: EJSON → REST shapes, and applying stream frames to a replica. */

/** EJSON dates → ISO strings, as REST sends them. */
export function toRest(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toRest)
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>
    const keys = Object.keys(record)
    if (keys.length === 1 && keys[0] === '$date') return new Date(record.$date as number).toISOString()
    return Object.fromEntries(keys.map((k) => [k, toRest(record[k])]))
  }
  return value
}

/** Apply GENERAL's stream frames (room-messages upserts, deleteMessage removals) to a replica. */
export function applyFrames(frames: any[], upsert: (message: Record<string, unknown>) => void, remove: (id: string) => void): void {
  for (const frame of frames) {
    if (frame.msg !== 'changed') continue
    if (frame.collection === 'stream-room-messages') upsert(toRest(frame.fields.args[0]) as Record<string, unknown>)
    else if (frame.fields.eventName === 'GENERAL/deleteMessage') remove(frame.fields.args[0]._id)
  }
}
