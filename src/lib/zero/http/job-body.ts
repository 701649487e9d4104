// POST jobs body validation, with the real server's messages and check order:
// type checks in key order, then unknown keys, then empty nodes,
// then duplicate env keys, then the file.
import type {JobStartRequest} from '../types.js'
import {hasDuplicateKeys} from './json-keys.js'

export const MAX_BODY_BYTES = 1_000_000
export const MAX_FILE_BYTES = 100_000

export type JobBodyResult =
  | {kind: 'ok'; request: JobStartRequest}
  | {kind: 'invalid'; message: string}
  /** what makes the real handler crash (500): invalid JSON, or JSON that is not an object */
  | {kind: 'crash'; reason: string}

const V1_KEYS = ['command', 'nodes', 'run_timeout', 'quorum']
const V2_KEYS = [...V1_KEYS, 'user', 'dir', 'env', 'file', 'capture_output']
const UNKNOWN_ERROR = 'an unknown validation error has occurred'

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function typeError(body: Record<string, unknown>, v2: boolean): string | undefined {
  const has = (key: string): boolean => Object.hasOwn(body, key)
  if (typeof body.command !== 'string') return 'invalid command supplied'
  if (!Array.isArray(body.nodes) || !body.nodes.every((node) => typeof node === 'string')) return 'at least one node must be supplied'
  if (has('run_timeout') && typeof body.run_timeout !== 'number') return 'invalid type supplied for run_timeout (expected a number)'
  if (has('quorum') && typeof body.quorum !== 'number') return 'invalid type supplied for quorum (expected a number)'
  // 1.x knows none of the keys below: they fall through to "invalid key supplied".
  if (!v2) return undefined
  if (has('user') && typeof body.user !== 'string') return UNKNOWN_ERROR
  if (has('dir') && typeof body.dir !== 'string') return UNKNOWN_ERROR
  if (has('env') && !(isObject(body.env) && Object.values(body.env).every((value) => typeof value === 'string'))) return UNKNOWN_ERROR
  if (has('file') && typeof body.file !== 'string') return UNKNOWN_ERROR
  if (has('capture_output') && typeof body.capture_output !== 'boolean') return 'invalid type supplied for capture_output (expected a boolean)'
  return undefined
}

/** Decoded size of a `raw:`/`base64:` file, or the message that rejects it. */
function fileError(file: string): string | undefined {
  let size: number
  if (file.startsWith('raw:')) {
    size = Buffer.byteLength(file.slice(4))
  } else if (file.startsWith('base64:')) {
    const encoded = file.slice(7).replaceAll(/\s/g, '')
    // Buffer.from(…, 'base64') never fails, so check the alphabet and padding as Erlang's decoder would.
    if (encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return "invalid file contents (couldn't decode base64 string)"
    size = Buffer.from(encoded, 'base64').length
  } else {
    return "invalid file contents (expected 'base64:...' or 'raw:...')"
  }

  // The real server sends this message as nested arrays of character codes; a string is what it meant.
  return size > MAX_FILE_BYTES ? `invalid file size (must be <= ${MAX_FILE_BYTES} bytes)` : undefined
}

export function validateJobBody(text: string, pushVersion: 1 | 2): JobBodyResult {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    return {kind: 'crash', reason: `invalid JSON: ${(error as Error).message}`}
  }

  if (!isObject(body)) return {kind: 'crash', reason: 'the request body is not a JSON object'}
  const v2 = pushVersion === 2
  const invalid = (message: string): JobBodyResult => ({kind: 'invalid', message})
  const typeMessage = typeError(body, v2)
  if (typeMessage) return invalid(typeMessage)
  const allowed = v2 ? V2_KEYS : V1_KEYS
  if (Object.keys(body).some((key) => !allowed.includes(key))) return invalid('invalid key supplied')
  const nodes = body.nodes as string[]
  if (nodes.length === 0) return invalid('at least one node must be supplied')
  if (body.env !== undefined && hasDuplicateKeys(text, 'env')) return invalid('invalid environment value (duplicate key)')
  if (typeof body.file === 'string') {
    const message = fileError(body.file)
    if (message) return invalid(message)
  }

  const request: JobStartRequest = {command: body.command as string, nodes}
  if (typeof body.quorum === 'number') request.quorum = body.quorum
  if (typeof body.run_timeout === 'number') request.runTimeout = body.run_timeout
  if (typeof body.user === 'string') request.user = body.user
  if (typeof body.dir === 'string') request.dir = body.dir
  if (isObject(body.env)) request.env = body.env as Record<string, string>
  if (typeof body.file === 'string') request.file = body.file
  if (typeof body.capture_output === 'boolean') request.captureOutput = body.capture_output
  return {kind: 'ok', request}
}
