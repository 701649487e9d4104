import {readFileSync, statSync} from 'node:fs'
import {usageError} from '../errors.js'
import {MAX_FILE_BYTES, type FileInput} from '../job/file.js'

/** Reads --file, refusing a missing, unreadable or oversized one before anything is sent. */
export function readJobFile(path: string): FileInput {
  let size: number
  try {
    const stat = statSync(path)
    if (!stat.isFile()) throw usageError(`--file ${path} is not a regular file`)
    size = stat.size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw usageError(`--file ${path} does not exist`)
    throw error
  }

  // Checked on the size first so a huge file is never read into memory.
  if (size > MAX_FILE_BYTES) throw usageError(`--file ${path} is ${size.toLocaleString('en-US')} bytes; the server accepts at most ${MAX_FILE_BYTES.toLocaleString('en-US')}`)
  try {
    return {path, bytes: readFileSync(path)}
  } catch (error) {
    throw usageError(`--file ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
}
