// Ruby's File.join / File.dirname / File.expand_path, reproduced exactly (POSIX only), because a
// config.rb's paths are compared byte for byte with what chef-config computes from the same file.
import {posix} from 'node:path'

const trimTrailingSlashes = (text: string): string => text.replace(/\/+$/, '')

/** File.join: strips separators only where two parts meet, adds one where none is. */
export function rubyFileJoin(parts: readonly string[]): string {
  let result = parts[0] ?? ''
  for (const part of parts.slice(1)) {
    if (part.startsWith('/')) result = trimTrailingSlashes(result)
    else if (!result.endsWith('/')) result += '/'
    result += part
  }

  return result
}

/** File.dirname: "." for a bare name, "/" for the root, repeated separators collapsed. */
export function rubyDirname(path: string): string {
  const trimmed = trimTrailingSlashes(path)
  if (trimmed === '') return path.startsWith('/') ? '/' : '.'
  const slash = trimmed.lastIndexOf('/')
  if (slash === -1) return '.'
  const parent = trimTrailingSlashes(trimmed.slice(0, slash))
  return parent === '' ? '/' : parent
}

/**
 * File.expand_path(path, base): `~` is HOME, relative paths are relative to base (itself expanded,
 * relative to the working directory), and `.`/`..`/`//`/trailing `/` are normalised away.
 * `~user` needs the password database, which a config reader has no business reading: refused.
 */
export function rubyExpandPath(path: string, base: string | undefined, where: {cwd: string; home: string | undefined}): string {
  const expandHome = (value: string): string => {
    if (!value.startsWith('~')) return value
    if (value !== '~' && !value.startsWith('~/')) throw new Error(`File.expand_path cannot expand "${value}" (only ~ and ~/… are understood)`)
    if (!where.home || !where.home.startsWith('/')) throw new Error("File.expand_path needs HOME to expand '~' and HOME is not an absolute path")
    return where.home + value.slice(1)
  }

  const expanded = expandHome(path)
  if (expanded.startsWith('/')) return posix.resolve(expanded)
  const baseDir = base === undefined ? where.cwd : rubyExpandPath(base, undefined, where)
  return posix.resolve(baseDir, expanded)
}
