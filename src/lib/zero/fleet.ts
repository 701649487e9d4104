// The fleet file of local mode (docs/local-mode.md, "The fleet file"): YAML → Fleet, strictly.
import {readFileSync} from 'node:fs'
import yaml from 'js-yaml'
import {usageError} from '../errors.js'
import {builtInNodeDefaults, defaultFleet} from './fleet-default.js'
import type {Fleet, FleetNode} from './types.js'
import {CHEF_NAME} from '../job/names.js'

export {defaultFleet} from './fleet-default.js'

type Fields = Partial<Omit<FleetNode, 'name'>>
type Raw = Record<string, unknown>

const NODE_KEYS = ['name', 'run_list', 'chef_environment', 'attributes', 'whitelist', 'online', 'vote', 'run', 'delay_ms', 'exec']
const RUN_LIST_ITEM = /^(?:role|recipe)\[[^\]\s]+\]$/

/** Reads a fleet file; no path means the built-in default fleet. */
export function loadFleet(path?: string): Fleet {
  if (path === undefined) return defaultFleet()
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw usageError(`cannot read fleet file ${path}: ${(error as Error).message}`)
  }
  return parseFleet(text, path)
}

export function parseFleet(yamlText: string, source: string): Fleet {
  const fail = (what: string) => usageError(`fleet file ${source}: ${what}`, 'see "The fleet file" in the pushy docs for the schema')
  let doc: unknown
  try {
    doc = yaml.load(yamlText, {filename: source})
  } catch (error) {
    throw fail((error as Error).message.split('\n')[0])
  }
  if (doc === undefined || doc === null) doc = {}
  const top = record(doc, 'the document', fail)
  checkKeys(top, ['nodes', 'defaults', 'generate'], 'the top level', fail)

  const defaults = top.defaults === undefined ? {} : fields(record(top.defaults, 'defaults', fail), 'defaults', NODE_KEYS.filter((k) => k !== 'name'), fail)
  const node = (given: Fields, name: string): FleetNode => withDefaultDelay({...builtInNodeDefaults(), ...defaults, ...given, name}, given.delayMs ?? defaults.delayMs)
  const nodes: FleetNode[] = []

  for (const [i, entry] of list(top.nodes, 'nodes', fail).entries()) {
    const where = `nodes[${i}]`
    const raw = record(entry, where, fail)
    if (raw.name === undefined) throw fail(`${where} has no name`)
    nodes.push(node(fields(raw, where, NODE_KEYS, fail), nodeName(raw.name, `${where}.name`, fail)))
  }

  for (const [i, entry] of list(top.generate, 'generate', fail).entries()) {
    const where = `generate[${i}]`
    const raw = record(entry, where, fail)
    const given = fields(raw, where, ['prefix', 'count', ...NODE_KEYS.filter((k) => k !== 'name')], fail)
    const count = raw.count
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw fail(`${where}.count must be a positive whole number`)
    const prefix = raw.prefix ?? ''
    if (typeof prefix !== 'string') throw fail(`${where}.prefix must be a string`)
    // app-00001 … app-10000: every generated name has the same width, so they sort naturally
    const width = Math.max(2, String(count).length)
    for (let n = 1; n <= count; n++) {
      const name = `${prefix}${String(n).padStart(width, '0')}`
      if (!CHEF_NAME.test(name)) throw fail(`${where} makes "${name}", which is not a valid node name (letters, digits, _ - . :)`)
      nodes.push(node(given, name))
    }
  }

  const seen = new Set<string>()
  for (const node of nodes) {
    if (seen.has(node.name)) throw fail(`node name "${node.name}" appears more than once`)
    seen.add(node.name)
  }
  return {nodes}
}

/** A simulated run takes this long when the file gives no delay_ms; a real one starts at once. */
export const SIMULATED_RUN_MS = 1000

function withDefaultDelay(node: FleetNode, givenDelayMs: number | undefined): FleetNode {
  return givenDelayMs === undefined && !node.exec ? {...node, delayMs: SIMULATED_RUN_MS} : node
}

type Fail = (what: string) => Error

function record(value: unknown, where: string, fail: Fail): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(`${where} must be a mapping`)
  return value as Raw
}

function list(value: unknown, where: string, fail: Fail): unknown[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw fail(`${where} must be a list`)
  return value
}

function checkKeys(raw: Raw, allowed: string[], where: string, fail: Fail): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) throw fail(`unknown key "${key}" in ${where}`)
  }
}

function nodeName(value: unknown, where: string, fail: Fail): string {
  if (typeof value !== 'string' || !CHEF_NAME.test(value)) throw fail(`${where} must be a node name (letters, digits, _ - . :)`)
  return value
}

function stringMap(value: unknown, where: string, fail: Fail): Record<string, string> {
  const raw = record(value, where, fail)
  for (const [key, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw fail(`${where}.${key} must be a string`)
  }
  return {...(raw as Record<string, string>)}
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, fail: Fail): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw fail(`${where} must be one of ${allowed.join(', ')}`)
  return value as T
}

function bool(value: unknown, where: string, fail: Fail): boolean {
  if (typeof value !== 'boolean') throw fail(`${where} must be true or false`)
  return value
}

/** The node fields present in `raw`, checked and renamed to FleetNode's names. */
function fields(raw: Raw, where: string, allowed: string[], fail: Fail): Fields {
  checkKeys(raw, allowed, where, fail)
  const out: Fields = {}
  if (raw.run_list !== undefined) {
    out.runList = list(raw.run_list, `${where}.run_list`, fail).map((item) => {
      if (typeof item !== 'string') throw fail(`${where}.run_list items must be strings`)
      // a bare name in a Chef run list means a recipe
      const entry = /[[\]]/.test(item) ? item : `recipe[${item}]`
      if (!RUN_LIST_ITEM.test(entry)) throw fail(`${where}.run_list item "${item}" must look like role[NAME] or recipe[NAME]`)
      return entry
    })
  }
  if (raw.chef_environment !== undefined) {
    if (typeof raw.chef_environment !== 'string' || raw.chef_environment === '') throw fail(`${where}.chef_environment must be a string`)
    out.chefEnvironment = raw.chef_environment
  }
  if (raw.attributes !== undefined) out.attributes = {...record(raw.attributes, `${where}.attributes`, fail)}
  if (raw.whitelist !== undefined) out.whitelist = stringMap(raw.whitelist, `${where}.whitelist`, fail)
  if (raw.online !== undefined) out.online = bool(raw.online, `${where}.online`, fail)
  if (raw.vote !== undefined) out.vote = oneOf(raw.vote, ['ack', 'nack', 'ignore'] as const, `${where}.vote`, fail)
  if (raw.run !== undefined) out.run = oneOf(raw.run, ['succeed', 'fail', 'crash', 'hang'] as const, `${where}.run`, fail)
  if (raw.delay_ms !== undefined) {
    if (typeof raw.delay_ms !== 'number' || !Number.isFinite(raw.delay_ms) || raw.delay_ms < 0) throw fail(`${where}.delay_ms must be a number of milliseconds`)
    out.delayMs = raw.delay_ms
  }
  if (raw.exec !== undefined) out.exec = bool(raw.exec, `${where}.exec`, fail)
  return out
}
