/**
 * Bytes ⇄ base64 with `btoa`/`atob`, which exist in browsers and Node alike (Buffer does not exist
 * in the browser). Chunks keep `String.fromCharCode`'s argument list small. `fromBase64` returns
 * `undefined` for text that is not base64, so each caller words its own error.
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array | undefined {
  let binary: string
  try {
    binary = atob(text)
  } catch {
    return undefined
  }
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}
