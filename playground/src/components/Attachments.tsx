import {
  Box,
  Chip,
  MessageBlock,
  MessageGenericPreview,
  MessageGenericPreviewContent,
  MessageGenericPreviewDescription,
  MessageGenericPreviewTitle,
} from '@rocket.chat/fuselage'
import type { Message } from '../client/types.js'

/** Image previews, file chips and URL previews of a message. */
export function Attachments({ message: m }: { message: Message }) {
  const attachments = m.attachments ?? []
  const previews = (m.urls ?? []).filter((u) => u.meta && (u.meta.ogTitle || u.meta.pageTitle))
  if (attachments.length === 0 && previews.length === 0) return null
  return (
    <>
      {attachments.map((a) =>
        a.image_url ? (
          <MessageBlock key={a.title_link ?? a.image_url ?? a.title}>
            <Box is="figure" margin={0} data-testid="image-preview">
              <img src={a.image_url} alt={a.title ?? 'image'} loading="lazy" className="pg-image" />
              {a.title && (
                <Box is="figcaption" fontScale="c1" color="hint">
                  {a.title}
                </Box>
              )}
            </Box>
          </MessageBlock>
        ) : a.title ? (
          <MessageBlock key={a.title_link ?? a.image_url ?? a.title}>
            <Chip data-testid="file-chip" onClick={() => a.title_link && window.open(a.title_link, '_blank', 'noopener')}>
              📎 {a.title}
            </Chip>
            {a.description && <Box fontScale="p2">{a.description}</Box>}
          </MessageBlock>
        ) : null,
      )}
      {previews.map((u) => (
        <MessageBlock key={u.url}>
          <MessageGenericPreview data-testid="url-preview">
            <MessageGenericPreviewContent>
              <MessageGenericPreviewTitle externalUrl={u.url}>{u.meta!.ogTitle ?? u.meta!.pageTitle}</MessageGenericPreviewTitle>
              {(u.meta!.ogDescription ?? u.meta!.description) && (
                <MessageGenericPreviewDescription>{u.meta!.ogDescription ?? u.meta!.description}</MessageGenericPreviewDescription>
              )}
            </MessageGenericPreviewContent>
          </MessageGenericPreview>
        </MessageBlock>
      ))}
    </>
  )
}
