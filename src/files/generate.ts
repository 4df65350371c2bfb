import type { Upload } from '../db/index.js'
import { encodePng } from './png.js'

/**
 * The bytes of a seeded file: a real, well-formed file of the upload's type and exactly its
 * `size`, made from the record alone (same record, same bytes), so seeds store nothing and a
 * client that downloads a seeded attachment gets something its viewer opens.
 */
export function generateFileBytes(upload: Pick<Upload, '_id' | 'name' | 'type' | 'size'> & { identify?: unknown }): Uint8Array {
  const size = Math.max(0, Math.floor(upload.size))
  if (upload.type === 'image/png') return picture(upload, size)
  if (upload.type === 'application/pdf') return fitted(pdf(upload.name, size), size)
  if (upload.type === 'audio/mpeg') return silentMp3(size)
  if (upload.type.startsWith('text/')) return text(upload.name, size)
  return filler(upload._id, size)
}

function hash(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

/** A flat "screenshot": a sidebar, a header and rows of text-like bars, in a colour from the name. */
function picture(upload: { name: string; identify?: unknown }, size: number): Uint8Array {
  const dims = (upload.identify as { size?: { width?: number; height?: number } } | undefined)?.size
  const width = Math.max(1, Math.min(4096, dims?.width ?? 64))
  const height = Math.max(1, Math.min(4096, dims?.height ?? 64))
  const h = hash(upload.name)
  const fg: [number, number, number] = [40 + (h & 0x7f), 40 + ((h >> 8) & 0x7f), 40 + ((h >> 16) & 0x7f)]
  const sidebar = Math.floor(width / 5)
  const header = Math.max(1, Math.floor(height / 12))
  const row = Math.max(4, Math.floor(height / 20))
  const png = encodePng(
    {
      width,
      height,
      palette: [[245, 246, 248], fg],
      paint: (x, y) => x < sidebar || y < header || (y % row < row / 3 && x > sidebar + 8 && x < width - ((y * 7) % (width / 3))),
    },
    size,
  )
  return png.length === size ? png : fitted(png, size)
}

function pdf(name: string, size: number): Uint8Array {
  const title = name.replace(/[()\\]/g, '')
  const content = `BT /F1 18 Tf 72 720 Td (${title}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((object, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${object}\nendobj\n`
  })
  const tail = (xref: number) =>
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}` +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  // A comment line pads the file to its size; the cross-reference table comes after it (its
  // offset's digit count depends on the padding, hence the few rounds).
  const comment = (n: number) => (n >= 2 ? `%${' '.repeat(n - 2)}\n` : '')
  let pad = 0
  for (let round = 0; round < 4; round++) {
    const padded = body + comment(pad)
    const missing = size - (padded.length + tail(padded.length).length)
    if (missing === 0) break
    pad = Math.max(0, pad + missing)
    if (pad < 2) pad = 0
  }
  const padded = body + comment(pad)
  return new TextEncoder().encode(padded + tail(padded.length))
}

/** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417-byte frames of silence behind an ID3v2 tag whose padding fills the rest. */
function silentMp3(size: number): Uint8Array {
  const FRAME = 417
  const out = new Uint8Array(size)
  if (size < 10 + FRAME) return out
  const frames = Math.floor((size - 10) / FRAME)
  const tag = size - 10 - frames * FRAME
  out.set([0x49, 0x44, 0x33, 3, 0, 0, (tag >> 21) & 0x7f, (tag >> 14) & 0x7f, (tag >> 7) & 0x7f, tag & 0x7f])
  for (let i = 0; i < frames; i++) out.set([0xff, 0xfb, 0x90, 0x44], 10 + tag + i * FRAME)
  return out
}

function text(name: string, size: number): Uint8Array {
  const line = `${name}: notes kept by the mock server.\n`
  return new TextEncoder().encode(line.repeat(Math.ceil(size / line.length) + 1).slice(0, size))
}

function filler(seed: string, size: number): Uint8Array {
  const out = new Uint8Array(size)
  let h = hash(seed)
  for (let i = 0; i < size; i++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0
    out[i] = h & 0xff
  }
  return out
}

/** Exactly `size` bytes: truncated, or padded with zeros (only when a format cannot pad itself). */
function fitted(bytes: Uint8Array, size: number): Uint8Array {
  if (bytes.length === size) return bytes
  const out = new Uint8Array(size)
  out.set(bytes.subarray(0, size))
  return out
}
