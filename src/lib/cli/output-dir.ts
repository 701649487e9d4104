// `job output --dir DIR`: one file per node and channel, plus the job, like Ansible's --tree.
// Node names come from the server, and Chef allows `.` and `..`, so a name is turned into a
// file name that can only ever land inside DIR.
import {closeSync, constants, mkdirSync, openSync, writeSync} from 'node:fs'
import {basename, join, resolve} from 'node:path'
import {usageError} from '../errors.js'

/**
 * A plain file name for `node`: kept as is when it is made of letters, digits, `_ - .` and is
 * not all dots; otherwise every other character (and each dot of an all-dots name) is
 * percent-encoded, so `..` becomes `%2E%2E` and `a/b` becomes `a%2Fb`. `%` is always encoded,
 * so two different names never share a file.
 */
export function nodeFileName(node: string): string {
  if (/^\.*$/.test(node)) return [...node].map(() => '%2E').join('') || '%'
  return [...Buffer.from(node, 'utf8')].map((byte) => {
    const ch = String.fromCharCode(byte)
    return /[A-Za-z0-9_.-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }).join('')
}

// O_NOFOLLOW: a symlink planted at DIR/NODE.stdout must not redirect the write outside DIR.
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0)

export interface OutputTree {
  /** writes DIR/`name` (a plain file name) */
  write(name: string, data: Uint8Array | string): void
}

/** Creates DIR if needed; every write stays directly inside it. */
export function outputTree(dir: string): OutputTree {
  const root = resolve(dir)
  try {
    mkdirSync(root, {recursive: true})
  } catch (error) {
    throw usageError(`--dir ${dir} cannot be created: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  return {
    write(name, data) {
      // nodeFileName makes plain names; this guards against any other caller.
      if (basename(name) !== name || name === '.' || name === '..') throw new Error(`not a plain file name: ${JSON.stringify(name)}`)
      const path = join(root, name)
      let fd: number
      try {
        fd = openSync(path, WRITE_FLAGS, 0o644)
      } catch (error) {
        throw usageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
      }
      try {
        writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data)
      } finally {
        closeSync(fd)
      }
    },
  }
}
