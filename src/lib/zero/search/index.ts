// Node search as Chef Server answers it: every match counted in `total`, one page of rows
// returned, results in a stable order (by name unless `sort` says otherwise) so paging works.
import type {NodeObject} from '../types.js'
import {buildDocument, mergedAttributes, type SearchDocument} from './document.js'
import {compileQuery} from './match.js'
import {parseQuery} from './query.js'

export {QuerySyntaxError} from './query.js'

export const DEFAULT_ROWS = 1000

export interface SearchRequest {
  q?: string | null
  start?: string | null
  rows?: string | null
  sort?: string | null
}

export interface SearchPage<T> {
  total: number
  start: number
  rows: T[]
}

/** A bad `start`, `rows` or `sort` (not a query syntax error). */
export class SearchParameterError extends Error {}

function count(name: string, text: string | null | undefined, fallback: number): number {
  if (text === null || text === undefined || text === '') return fallback
  if (!/^\d+$/.test(text)) throw new SearchParameterError(`invalid '${name}' parameter '${text}': must be a whole number >= 0`)
  return Number(text)
}

function parseSort(text: string | null | undefined): {field: string; descending: boolean} {
  if (!text) return {field: 'name', descending: false}
  const match = /^\s*([^\s]+)(?:\s+(asc|desc|ASC|DESC))?\s*$/.exec(text)
  if (!match) throw new SearchParameterError(`invalid 'sort' parameter '${text}': expected 'FIELD [asc|desc]'`)
  return {field: match[1], descending: match[2]?.toLowerCase() === 'desc'}
}

export class NodeIndex {
  // Documents are built lazily and cached per node object, so a 10,000-node fleet costs
  // its flattening once, not per request, while an engine that hands out new objects
  // (updated nodes) is indexed afresh.
  private readonly documents = new WeakMap<NodeObject, SearchDocument>()

  constructor(private readonly nodes: () => NodeObject[]) {}

  /** Throws QuerySyntaxError or SearchParameterError on bad input. */
  search(request: SearchRequest): SearchPage<NodeObject> {
    const matcher = compileQuery(parseQuery(request.q ?? ''))
    const start = count('start', request.start, 0)
    const rows = count('rows', request.rows, DEFAULT_ROWS)
    const sort = parseSort(request.sort)
    const matches = this.nodes().filter((node) => matcher(this.document(node)))
    const key = (node: NodeObject): string => (sort.field === 'name' ? node.name : (this.document(node).get(sort.field)?.[0] ?? ''))
    matches.sort((a, b) => {
      const ka = key(a)
      const kb = key(b)
      const order = ka < kb ? -1 : ka > kb ? 1 : 0
      if (order !== 0) return sort.descending ? -order : order
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
    })
    return {total: matches.length, start, rows: matches.slice(start, start + rows)}
  }

  find(name: string): NodeObject | undefined {
    return this.nodes().find((node) => node.name === name)
  }

  names(): string[] {
    return this.nodes()
      .map((node) => node.name)
      .sort()
  }

  private document(node: NodeObject): SearchDocument {
    let doc = this.documents.get(node)
    if (!doc) {
      doc = buildDocument(node)
      this.documents.set(node, doc)
    }

    return doc
  }
}

/** A partial-search body: result key → attribute path, e.g. `{"ip": ["ipaddress"]}`. */
export type PartialSpec = Record<string, string[]>

export function parsePartialSpec(body: unknown): PartialSpec {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SearchParameterError('the partial search body must be a JSON object of KEY: [path, …]')
  for (const [key, path] of Object.entries(body)) {
    if (!Array.isArray(path) || path.length === 0 || !path.every((part) => typeof part === 'string')) {
      throw new SearchParameterError(`the partial search path for '${key}' must be a non-empty array of strings`)
    }
  }

  return body as PartialSpec
}

const TOP_LEVEL = new Set(['name', 'chef_environment', 'run_list', 'chef_type', 'json_class'])
const LEVELS = new Set(['automatic', 'normal', 'default', 'override'])

/**
 * Partial search looks paths up in the merged attributes, with the node's own top-level
 * fields (name, chef_environment, run_list…) on top, as `knife search -a` expects. A path that
 * starts with a precedence level (`["automatic", "ipaddress"]`) reads that level. Missing → null.
 */
export function extractPartial(node: NodeObject, spec: PartialSpec): Record<string, unknown> {
  let merged: Record<string, unknown> | undefined
  const data: Record<string, unknown> = {}
  for (const [key, path] of Object.entries(spec)) {
    const [head, ...rest] = path
    let value: unknown
    if (TOP_LEVEL.has(head)) value = (node as unknown as Record<string, unknown>)[head]
    else {
      merged ??= mergedAttributes(node)
      value = head in merged || !LEVELS.has(head) ? merged[head] : node[head as 'automatic']
    }

    for (const part of rest) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined
    data[key] = value ?? null
  }

  return data
}
