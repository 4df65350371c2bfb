import { z } from 'zod'
import { canAccessRoom } from '../src/domain/access.js'
import { urlPreview } from '../src/domain/url-preview.js'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import { q } from '../src/validation.js'

/**
 * `GET chat.getURLPreview`: the caller must be able to read the room; the preview itself never
 * fails (a URL the server would not fetch gets `meta: {}`). Built offline from the URL and seed.
 */
export const getURLPreview = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.getURLPreview',
  legacyValidation: true,
  query: z.strictObject({ roomId: q.string(), url: q.string() }),
  handle: ({ core, user, query }) => {
    if (!canAccessRoom(core, core.db.rooms.get(query.roomId), user)) throw errors.notAllowed()
    return { urlPreview: urlPreview(core.random.seed, query.url) }
  },
})

export const urlPreviewEndpoints = [getURLPreview]
