import { errors } from '../errors.js'
import { mediaTypeOf } from './media-type.js'

export interface UploadForm {
  name: string
  type: string
  bytes: Uint8Array
  /** The other (text) fields of the form. */
  fields: Record<string, string>
}

/**
 * `getUploadFormData(request, { field: 'file' })` on the platform's own multipart parser
 * (`request.formData()`): exactly one file, in the field `file`; its media type as the server
 * derives it. Anything the parser cannot read (not multipart, no boundary, cut short) is a 400.
 */
export async function readUploadForm(request: Request): Promise<UploadForm> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^multipart\/form-data/i.test(type)) throw errors.uploadMalformed(`Unsupported content type: ${type || 'none'}`)
  if (!/;\s*boundary=/i.test(type)) throw errors.uploadMalformed('Multipart: Boundary not found')
  let form: FormData
  try {
    form = await request.formData()
  } catch {
    throw errors.uploadMalformed('Unexpected end of form')
  }
  const fields: Record<string, string> = Object.create(null) as Record<string, string>
  let file: File | undefined
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      fields[name] = value
      continue
    }
    if (name !== 'file') throw errors.uploadInvalidField()
    if (file) throw errors.uploadTooManyFiles()
    file = value
  }
  if (!file || file.name === '') throw errors.uploadNoFile()
  const bytes = new Uint8Array(await file.arrayBuffer())
  return { name: file.name, type: mediaTypeOf(file.type, file.name), bytes, fields }
}
