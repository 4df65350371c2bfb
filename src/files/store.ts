import type { Upload } from '../db/index.js'
import { generateFileBytes } from './generate.js'
import { fromBase64, toBase64 } from '../base64.js'

/**
 * The bytes behind the `uploads` collection. Uploaded files are kept here (and in snapshots, as
 * base64); seeded files have no stored bytes: they are generated from their record on first read
 * and cached, so seeding stays instant and snapshots stay small.
 */
export class FileStore {
  readonly #uploaded = new Map<string, Uint8Array>()
  readonly #generated = new Map<string, Uint8Array>()

  put(id: string, bytes: Uint8Array): void {
    this.#uploaded.set(id, bytes)
  }

  /** The file's bytes: uploaded ones as stored, seeded ones generated from the record. */
  read(upload: Upload): Uint8Array {
    const stored = this.#uploaded.get(upload._id)
    if (stored) return stored
    const key = `${upload._id}:${upload.size}:${upload.type}`
    let bytes = this.#generated.get(key)
    if (!bytes) this.#generated.set(key, (bytes = generateFileBytes(upload)))
    return bytes
  }

  delete(id: string): void {
    this.#uploaded.delete(id)
  }

  clear(): void {
    this.#uploaded.clear()
    this.#generated.clear()
  }

  /** Uploaded bytes as base64, for snapshots. */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const [id, bytes] of this.#uploaded) out[id] = toBase64(bytes)
    return out
  }

  /** Decode every entry first; only then replace the stored bytes (a bad snapshot changes nothing). */
  static decode(files: unknown): Map<string, Uint8Array> {
    const decoded = new Map<string, Uint8Array>()
    if (files === undefined) return decoded
    if (!files || typeof files !== 'object' || Array.isArray(files)) throw new Error('Snapshot "files" is not an object')
    for (const [id, value] of Object.entries(files)) {
      if (typeof value !== 'string') throw new Error(`Snapshot file "${id}" is not base64 text`)
      const bytes = fromBase64(value)
      if (!bytes) throw new Error('Snapshot file is not valid base64')
      decoded.set(id, bytes)
    }
    return decoded
  }

  replaceAll(files: Map<string, Uint8Array>): void {
    this.clear()
    for (const [id, bytes] of files) this.#uploaded.set(id, bytes)
  }
}
