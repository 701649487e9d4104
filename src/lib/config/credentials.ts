// ~/.chef/credentials, read as chef-config's Credentials mixin reads it (credentials.rb).
import {existsSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {parse, TomlError} from 'smol-toml'
import {usageError} from '../errors.js'

export interface CredentialsProfile {
  file: string
  name: string
  values: Record<string, unknown>
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile()

/**
 * The profile in force: --profile, else CHEF_PROFILE (even when empty, as knife checks only that it
 * is set), else the name in ~/.chef/context, else "default".
 */
export function credentialsProfileName(flag: string | undefined, env: NodeJS.ProcessEnv, home: string): string {
  if (flag !== undefined) return flag
  if (env.CHEF_PROFILE !== undefined) return env.CHEF_PROFILE
  const context = join(home, '.chef', 'context')
  if (isFile(context)) return readFileSync(context, 'utf8').trim()
  return 'default'
}

/**
 * The named profile from ~/.chef/credentials, or undefined when there is nothing to apply: no
 * file and no profile asked for, or no [default] section. Knife ignores a missing file even when a
 * profile was named; pushy does not, because `--profile prod` silently talking to whatever
 * config.rb names is exactly the mistake a user cannot see.
 */
export function readCredentialsProfile(name: string, home: string): CredentialsProfile | undefined {
  const file = join(home, '.chef', 'credentials')
  if (!isFile(file)) {
    if (name === 'default') return undefined
    throw usageError(`credentials profile "${name}" was asked for, but ${file} does not exist`, 'create it, or leave out --profile and CHEF_PROFILE')
  }

  const profiles = parseCredentials(file)
  const values = profiles[name]
  if (values === undefined) {
    if (name === 'default') return undefined
    const known = Object.keys(profiles)
    throw usageError(
      `credentials profile "${name}" does not exist in ${file}`,
      known.length === 0 ? `the file has no profiles; add a [${name}] table` : `profiles there: ${known.join(', ')}`,
    )
  }

  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw usageError(`${file}: profile "${name}" is not a table`, `write it as [${name}] followed by key = "value" lines`)
  }

  const table = values as Record<string, unknown>
  if ('node_name' in table && 'client_name' in table) {
    throw usageError(`${file}: profile "${name}" sets both node_name and client_name`, 'keep only client_name (knife refuses both too)')
  }

  return {file, name, values: table}
}

function parseCredentials(file: string): Record<string, unknown> {
  try {
    return parse(readFileSync(file, 'utf8'))
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0].replace(/^Invalid TOML document: /, '')
      throw usageError(`${file}:${error.line}: cannot read the credentials file: ${reason}`, 'it must be TOML: [profile] tables of key = "value" lines')
    }

    throw error
  }
}
