import type { AnyEndpoint } from '../src/endpoint.js'
import { authEndpoints } from './auth.js'
import { avatarEndpoints } from './avatars.js'
import { autoTranslateEndpoints } from './autotranslate.js'
import { channelEndpoints } from './channels.js'
import { chatMessageEndpoints } from './chat-messages.js'
import { dmEndpoints } from './dm.js'
import { groupEndpoints } from './groups.js'
import { historyEndpoints } from './history.js'
import { messageListEndpoints } from './message-lists.js'
import { methodCallEndpoints } from './method-call.js'
import { moderationEndpoints } from './moderation.js'
import { pinStarEndpoints } from './pins-stars.js'
import { reactionEndpoints } from './reactions.js'
import { readReceiptEndpoints } from './read-receipts.js'
import { roomActionEndpoints } from './room-actions.js'
import { roomEndpoints } from './rooms.js'
import { startupEndpoints } from './startup.js'
import { threadAndSyncEndpoints } from './sync.js'
import { uploadEndpoints } from './uploads.js'
import { urlPreviewEndpoints } from './url-preview.js'
import { userDirectoryEndpoints } from './user-directory.js'
import { userEndpoints } from './users.js'

/** The single list of endpoints the mock serves. */
export const endpoints: readonly AnyEndpoint[] = [
  ...authEndpoints,
  ...roomEndpoints,
  ...userEndpoints,
  ...chatMessageEndpoints,
  ...historyEndpoints,
  ...threadAndSyncEndpoints,
  ...dmEndpoints,
  ...reactionEndpoints,
  ...pinStarEndpoints,
  ...messageListEndpoints,
  ...moderationEndpoints,
  ...readReceiptEndpoints,
  ...urlPreviewEndpoints,
  ...autoTranslateEndpoints,
  ...methodCallEndpoints,
  // start-up surface and rooms lifecycle
  ...startupEndpoints,
  ...userDirectoryEndpoints,
  ...channelEndpoints,
  ...groupEndpoints,
  ...roomActionEndpoints,
  ...uploadEndpoints,
  ...avatarEndpoints,
]
