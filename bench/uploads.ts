/**
 * Uploads, files and routing with path parameters: what the new routes cost.
 * - the router's lookup for an exact path, a parameterised one and an unknown one (the exact
 *   lookup must not slow down because parameterised routes exist);
 * - rooms.media + rooms.mediaConfirm of a 1 MB file, end to end through `mock.fetch`;
 * - the first download of a seeded file (bytes generated) and the next ones (cached);
 * - an avatar SVG.
 */
import { Controls } from '../src/controls.js'
import { createRocketChatMock } from '../src/mock.js'
import { Router } from '../src/router.js'
import { endpoints } from '../handlers/index.js'
import { benchAsyncInterleaved, benchSyncInterleaved, fmtMs, fmtNs, fmtRatio, type BenchContext } from './lib.js'

export async function run({ quick, report }: BenchContext): Promise<void> {
  report.heading('Uploads, files, avatars and path parameters')
  const mock = createRocketChatMock({ seed: 42 })
  const router = new Router(() => mock.core, new Controls(), endpoints)
  // The same table without the parameterised routes: what the exact lookup cost before them.
  const plain = new Router(
    () => mock.core,
    new Controls(),
    endpoints.filter((e) => !e.paths.some((p) => p.includes('/:'))),
  )
  const exact = new Request('http://localhost:3000/api/v1/chat.getMessage?msgId=x')
  const param = new Request('http://localhost:3000/api/v1/rooms.mediaConfirm/GENERAL/abc', { method: 'POST' })
  const unknown = new Request('http://localhost:3000/api/v1/no.such.endpoint')
  const lookup = benchSyncInterleaved(
    {
      exact: () => router.matches(exact),
      exactWithout: () => plain.matches(exact),
      param: () => router.matches(param),
      unknown: () => router.matches(unknown),
      unknownWithout: () => plain.matches(unknown),
    },
    { batch: 2_000, samples: quick ? 30 : 100 },
  )
  report.line('route lookup: exact path (URL parse included)', fmtNs(lookup.exact.median))
  report.line('route lookup: path with parameters', fmtNs(lookup.param.median))
  report.line('route lookup: unknown path', fmtNs(lookup.unknown.median))
  const ratio = lookup.exact.median / lookup.exactWithout.median
  report.target('exact lookup, with ÷ without parameterised routes', fmtRatio(ratio), { value: ratio, limit: 1.1, kind: 'max', text: '≤ 1.1×' })
  const unknownRatio = lookup.unknown.median / lookup.unknownWithout.median
  report.target('unknown path, with ÷ without parameterised routes', fmtRatio(unknownRatio), { value: unknownRatio, limit: 1.5, kind: 'max', text: '≤ 1.5×' })

  const demo = mock.login('demo')
  const auth = { 'X-User-Id': demo.userId, 'X-Auth-Token': demo.authToken }
  const bytes = new Uint8Array(1_000_000).map((_, i) => i & 0xff)
  const image = mock.db.uploads.all().find((u) => u.name === 'design-review.png')!
  let first = 0
  {
    const started = performance.now()
    await (await mock.fetch(new Request(`http://localhost:3000/file-upload/${image._id}/x`, { headers: auth })))!.arrayBuffer()
    first = performance.now() - started
  }
  const timed = await benchAsyncInterleaved(
    {
      upload: async () => {
        const form = new FormData()
        form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'data.bin')
        const up = await mock.fetch(new Request('http://localhost:3000/api/v1/rooms.media/GENERAL', { method: 'POST', headers: auth, body: form }))
        const { file } = (await up!.json()) as { file: { _id: string } }
        const res = await mock.fetch(
          new Request(`http://localhost:3000/api/v1/rooms.mediaConfirm/GENERAL/${file._id}`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: '{}',
          }),
        )
        return res!.json()
      },
      download: async () => (await mock.fetch(new Request(`http://localhost:3000/file-upload/${image._id}/x`, { headers: auth })))!.arrayBuffer(),
      avatar: async () => (await mock.fetch(new Request('http://localhost:3000/avatar/alice?size=64')))!.text(),
    },
    { rounds: quick ? 3 : 8, block: 5, warmup: 3 },
  )
  report.line('rooms.media + mediaConfirm, 1 MB file', fmtMs(timed.upload.median))
  report.line('seeded 482 KB PNG, first download (generated)', fmtMs(first))
  report.line('seeded 482 KB PNG, later downloads (cached)', fmtMs(timed.download.median))
  report.line('avatar SVG', fmtMs(timed.avatar.median))
}
