/**
 * A tiny PNG writer for the mock's generated pictures (seeded image files and their thumbnails).
 * Hand-written because it needs only uncompressed ("stored") deflate blocks, CRC-32 and Adler-32:
 * a few dozen lines that run unchanged in a browser and in Node, where an encoder library would
 * bring a compressor the mock never needs. Pixels are 1-bit indexed (two palette colours).
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function adler32(bytes: Uint8Array): number {
  let a = 1
  let b = 0
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]!) % 65521
    b = (b + a) % 65521
  }
  return ((b << 16) | a) >>> 0
}

/** zlib stream of stored deflate blocks (no compression). */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535))
  const out = new Uint8Array(2 + raw.length + blocks * 5 + 4)
  out[0] = 0x78
  out[1] = 0x01
  let o = 2
  for (let i = 0; i < blocks; i++) {
    const start = i * 65535
    const len = Math.min(65535, raw.length - start)
    out[o++] = i === blocks - 1 ? 1 : 0
    out[o++] = len & 0xff
    out[o++] = len >>> 8
    out[o++] = ~len & 0xff
    out[o++] = (~len >>> 8) & 0xff
    out.set(raw.subarray(start, start + len), o)
    o += len
  }
  new DataView(out.buffer).setUint32(o, adler32(raw))
  return out
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length))
  return out
}

export interface PngPicture {
  width: number
  height: number
  /** Two RGB colours: `[background, foreground]`. */
  palette: [[number, number, number], [number, number, number]]
  /** Whether pixel (x, y) is the foreground colour. */
  paint: (x: number, y: number) => boolean
}

/** Overhead of a padding chunk (length, type, CRC). */
const CHUNK_OVERHEAD = 12

/**
 * Encode `picture`; with `exactSize`, an ancillary `mkPd` chunk (ignored by decoders) pads the
 * file to exactly that many bytes when the picture alone is smaller.
 */
export function encodePng(picture: PngPicture, exactSize?: number): Uint8Array<ArrayBuffer> {
  const { width, height, palette, paint } = picture
  const stride = Math.ceil(width / 8)
  const raw = new Uint8Array(height * (1 + stride))
  for (let y = 0; y < height; y++) {
    const row = y * (1 + stride)
    for (let x = 0; x < width; x++) if (paint(x, y)) raw[row + 1 + (x >> 3)]! |= 0x80 >> (x & 7)
  }
  const ihdr = new Uint8Array(13)
  const view = new DataView(ihdr.buffer)
  view.setUint32(0, width)
  view.setUint32(4, height)
  ihdr.set([1, 3, 0, 0, 0], 8) // bit depth 1, indexed colour
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', ihdr),
    chunk('PLTE', Uint8Array.from(palette.flat())),
    chunk('IDAT', zlibStored(raw)),
  ]
  const end = chunk('IEND', new Uint8Array(0))
  let size = parts.reduce((n, p) => n + p.length, 0) + end.length
  if (exactSize !== undefined && exactSize >= size + CHUNK_OVERHEAD) {
    parts.push(chunk('mkPd', new Uint8Array(exactSize - size - CHUNK_OVERHEAD)))
    size = exactSize
  }
  parts.push(end)
  const out = new Uint8Array(size)
  let o = 0
  for (const part of parts) {
    out.set(part, o)
    o += part.length
  }
  return out
}
