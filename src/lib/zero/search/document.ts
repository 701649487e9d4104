// What Chef Server indexes for a node: the deep-merged attributes plus name, chef_type,
// chef_environment, run_list and the run list's `recipe`/`role` entries as written, flattened into
// KEY__=__VALUE pairs that go, space-separated, into one text field split on whitespace only.
// Nothing is lower-cased: search is case-sensitive.
import type {NodeObject} from '../types.js'
import {SEPARATOR} from './terms.js'

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

function deepMerge(target: Json, source: Json): Json {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key]
    target[key] = isObject(current) && isObject(value) ? deepMerge({...current}, value) : value
  }

  return target
}

/** Attributes as a Chef run sees them: default < normal < override < automatic. */
export function mergedAttributes(node: NodeObject): Json {
  return [node.normal, node.override, node.automatic].reduce<Json>((merged, level) => deepMerge(merged, level ?? {}), deepMerge({}, node.default ?? {}))
}

/** `recipe[x]` / `role[x]` entries of a run list, as written (no expansion, versions kept). */
export function runListEntries(runList: string[], kind: 'recipe' | 'role'): string[] {
  const head = `${kind}[`
  return runList.filter((item) => item.startsWith(head) && item.endsWith(']')).map((item) => item.slice(head.length, -1))
}

/** The object Chef indexes: top-level fields win over attributes of the same name. */
export function indexedObject(node: NodeObject): Json {
  return {
    ...mergedAttributes(node),
    name: node.name,
    chef_type: 'node',
    chef_environment: node.chef_environment,
    recipe: runListEntries(node.run_list, 'recipe'),
    role: runListEntries(node.run_list, 'role'),
    run_list: node.run_list,
    // Chef's indexer adds the object type as a field too.
    X_CHEF_type_CHEF_X: 'node',
  }
}

/** Numbers in decimal, booleans as text, null as the empty string. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toJSON()
  return String(value)
}

type Pair = [key: string, value: string]

/**
 * Every key/value pair: a nested key under its whole path joined with `_` and under its own name;
 * every key name also as a value of its parent; array elements under the array's key.
 */
export function pairs(value: unknown, path: string[] = [], out: Pair[] = []): Pair[] {
  if (Array.isArray(value)) {
    for (const item of value) pairs(item, path, out)
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      pairs(key, path, out)
      pairs(child, [...path, key], out)
    }
  } else if (path.length > 0) {
    const text = valueText(value)
    if (path.length > 1) out.push([path.join('_'), text])
    out.push([path.at(-1)!, text])
  }

  return out
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The tokens of the node's search text, in order. Pairs are deduplicated and sorted by key, then
 * value (Chef's order, which decides what a phrase across two pairs finds); then the text is split
 * on whitespace, so only the first word of a multi-word value keeps its key.
 */
export function documentTokens(node: NodeObject): string[] {
  const unique = new Map<string, Pair>()
  for (const pair of pairs(indexedObject(node))) unique.set(`${pair[0]}\u0000${pair[1]}`, pair)
  const sorted = [...unique.values()].sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]))
  return sorted.flatMap(([key, value]) => `${key}${SEPARATOR}${value}`.split(/\s+/).filter((token) => token !== ''))
}
