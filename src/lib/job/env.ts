// --with-env JSON and -e KEY=VALUE. The server wants an object of string → string; knife
// swallowed JSON errors and let non-strings through to a confusing 400.
import {usageError} from '../errors.js'

export type Env = Record<string, string>

// -e names follow the portable shell rule; the JSON form is the way to pass unusual names.
const PORTABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

const kind = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`

function checkName(name: string, where: string): void {
  if (name === '') throw usageError(`${where}: an environment variable name cannot be empty`)
  // An environment entry is NAME=VALUE in a NUL-terminated string: neither can hold these.
  if (/[=\0]/.test(name)) throw usageError(`${where}: environment variable name ${JSON.stringify(name)} cannot contain '=' or NUL`)
}

function checkValue(name: string, value: string, where: string): void {
  if (value.includes('\0')) throw usageError(`${where}: the value of ${name} contains a NUL character, which an environment cannot hold`)
}

/** --with-env, parsed and checked. */
export function parseWithEnv(json: string): Env {
  const where = '--with-env'
  const example = `for example '{"DEPLOY_ENV":"prod"}'`
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch (error) {
    throw usageError(`${where} is not valid JSON (${(error as Error).message})`, example)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError(`${where} must be a JSON object of strings, not ${kind(parsed)}`, example)
  }
  const env: Env = {}
  for (const [name, value] of Object.entries(parsed)) {
    checkName(name, where)
    if (typeof value !== 'string') {
      throw usageError(`${where}: the value of ${name} is ${kind(value)}; environment values must be strings`, `quote it: {"${name}":"${String(JSON.stringify(value))}"}`)
    }
    checkValue(name, value, where)
    env[name] = value
  }
  return env
}

/** One -e KEY=VALUE. */
export interface EnvPair {
  name: string
  value: string
}

/** One -e KEY=VALUE (split at the first '='; the value may be empty or contain '='). */
export function parseEnvPair(pair: string): EnvPair {
  const at = pair.indexOf('=')
  if (at === -1) throw usageError(`-e ${pair}: expected KEY=VALUE`, `to set an empty value write -e ${pair}=`)
  const name = pair.slice(0, at)
  const value = pair.slice(at + 1)
  if (name === '') throw usageError(`-e ${pair}: the variable name before '=' is missing`)
  if (!PORTABLE_NAME.test(name)) {
    throw usageError(`-e ${pair}: invalid variable name '${name}' (letters, digits and _, not starting with a digit)`, 'use --with-env JSON for other names')
  }
  checkValue(name, value, '-e')
  return {name, value}
}

/** --with-env with the -e pairs merged over it; undefined when neither was given. */
export function buildEnv(withEnv: Env | undefined, pairs: readonly EnvPair[] = []): Env | undefined {
  if (withEnv === undefined && pairs.length === 0) return undefined
  return {...withEnv, ...Object.fromEntries(pairs.map(({name, value}) => [name, value]))}
}
