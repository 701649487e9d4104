// --file: sent inline in the job body. knife always sent `raw:` + bytes, which breaks binary
// files; pushy uses base64 for anything that is not valid UTF-8.
import {usageError} from '../errors.js'

/** The server's limit on the decoded file (pushy_jobs_resource.erl). */
export const MAX_FILE_BYTES = 100_000

export interface FileInput {
  path: string
  bytes: Uint8Array
}

// fatal: reject invalid UTF-8 instead of replacing it; ignoreBOM: keep a BOM, bytes are sent as they are.
const strictUtf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})

/** The body's `file` value: `raw:TEXT` for UTF-8 text, otherwise `base64:DATA`. */
export function encodeJobFile(file: FileInput): string {
  const size = file.bytes.byteLength
  if (size > MAX_FILE_BYTES) {
    throw usageError(`--file ${file.path} is ${size.toLocaleString('en-US')} bytes; the server accepts at most ${MAX_FILE_BYTES.toLocaleString('en-US')}`)
  }
  try {
    return `raw:${strictUtf8.decode(file.bytes)}`
  } catch {
    return `base64:${Buffer.from(file.bytes.buffer, file.bytes.byteOffset, size).toString('base64')}`
  }
}

/** The bytes of a body's `file` value (`raw:TEXT` or `base64:DATA`). */
export function decodeJobFile(value: string): Buffer {
  return value.startsWith('base64:') ? Buffer.from(value.slice('base64:'.length), 'base64') : Buffer.from(value.slice('raw:'.length), 'utf8')
}
