import type { Upload } from '../db/index.js'

/** `/file-upload/<id>/<name>`: the path every file link of a message uses. */
export function fileUploadPath(id: string, name: string): string {
  return `/file-upload/${id}/${encodeURI(name)}`
}

/** An entry of a file message's `file` / `files`. */
export function fileProp(upload: Upload) {
  return {
    _id: upload._id,
    name: upload.name,
    type: upload.type,
    size: upload.size,
    format: (upload.identify as { format?: string } | undefined)?.format ?? '',
    ...(upload.typeGroup !== undefined ? { typeGroup: upload.typeGroup } : {}),
  }
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toUpperCase() : ''
}

/**
 * `createFileAttachment`: the one attachment of a file message, by media type. An image with a
 * thumbnail links the thumbnail (under the original's name) with the thumbnail's type and size.
 */
export function fileAttachment(upload: Upload, thumbnail?: Upload): Record<string, unknown> {
  const link = fileUploadPath(upload._id, upload.name)
  const common = {
    title: upload.name,
    type: 'file',
    ...(upload.description !== undefined ? { description: upload.description } : {}),
    title_link: link,
    title_link_download: true,
  }
  const type = upload.type
  if (/^image\/.+/.test(type)) {
    const dims = (thumbnail?.identify ?? upload.identify) as { size?: { width: number; height: number } } | undefined
    return {
      ...common,
      image_url: thumbnail ? fileUploadPath(thumbnail._id, upload.name) : link,
      image_type: thumbnail?.type ?? type,
      image_size: upload.size,
      fileId: upload._id,
      ...(dims?.size ? { image_dimensions: dims.size } : {}),
    }
  }
  if (/^audio\/.+/.test(type)) return { ...common, audio_url: link, audio_type: type, audio_size: upload.size, fileId: upload._id }
  if (/^video\/.+/.test(type)) return { ...common, video_url: link, video_type: type, video_size: upload.size, fileId: upload._id }
  return { ...common, format: extensionOf(upload.name), size: upload.size, fileId: upload._id }
}
