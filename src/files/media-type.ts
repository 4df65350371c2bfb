import { imageSize } from 'image-size'
import { lookup } from 'mrmime'

/**
 * `getMimeType`: the type the client declared, unless it is missing or the generic
 * `application/octet-stream`; then the one its extension implies (when known).
 */
export function mediaTypeOf(declared: string, filename: string): string {
  if (declared && declared !== 'application/octet-stream') return declared
  return lookup(filename) ?? (declared || 'application/octet-stream')
}

function parseList(list: unknown): string[] {
  return String(list ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

/** `type` listed exactly, or through its `group/*` wildcard. */
function listed(list: string[], type: string): boolean {
  return list.includes(type) || list.includes(type.replace(/\/.*$/, '/*'))
}

/** `fileUploadIsValidContentTypeFromSettings`: the block list wins; an empty allow list allows all. */
export function mediaTypeAllowed(type: string, whiteList: string, blackList: string): boolean {
  const blocked = parseList(blackList)
  if (!type) return !blocked.includes('application/octet-stream')
  if (listed(blocked, type)) return false
  const allowed = parseList(whiteList)
  return allowed.length === 0 || listed(allowed, type)
}

/** `file.identify` for pictures: format and size, when the bytes are a readable image. */
export function identifyImage(bytes: Uint8Array): { format: string; size: { width: number; height: number } } | undefined {
  try {
    const { width, height, type } = imageSize(bytes)
    return width && height && type ? { format: type, size: { width, height } } : undefined
  } catch {
    return undefined
  }
}
