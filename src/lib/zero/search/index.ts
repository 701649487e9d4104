// Node search as Chef Server answers it: every match counted in `total`, one page of rows
// returned, results in a stable order (by name unless `sort` says otherwise) so paging works.
import type {NodeObject} from '../types.js'
import {documentTokens, mergedAttributes} from './document.js'
import {buildInvertedIndex, type InvertedIndex} from './inverted.js'
import {evaluate} from './match.js'
import {parseQuery} from './query.js'
import {SEPARATOR} from './terms.js'

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
  // Each node's tokens are cached per node object, and the inverted index per node list, so a
  // 10,000-node fleet is indexed once, not per request, while an engine that hands out a new list
  // (updated nodes) is indexed afresh.
  private readonly documents = new WeakMap<NodeObject, string[]>()
  private readonly indexes = new WeakMap<NodeObject[], InvertedIndex>()

  constructor(private readonly nodes: () => NodeObject[]) {}

  /** Throws QuerySyntaxError or SearchParameterError on bad input. */
  search(request: SearchRequest): SearchPage<NodeObject> {
    const query = parseQuery(request.q)
    const start = count('start', request.start, 0)
    const rows = count('rows', request.rows, DEFAULT_ROWS)
    const sort = parseSort(request.sort)
    const index = this.index()
    const hits = evaluate(index, query)
    const matches: number[] = []
    for (let i = 0; i < hits.length; i++) if (hits[i]) matches.push(i)
    const keys = matches.map((i) => (sort.field === 'name' ? index.nodes[i].name : sortValue(index.tokens[i], sort.field)))
    const order = matches.map((_, k) => k)
    const names = (k: number): string => index.nodes[matches[k]].name
    order.sort((a, b) => {
      const byKey = compareText(keys[a], keys[b])
      if (byKey !== 0) return sort.descending ? -byKey : byKey
      return compareText(names(a), names(b))
    })
    return {total: matches.length, start, rows: order.slice(start, start + rows).map((k) => index.nodes[matches[k]])}
  }

  find(name: string): NodeObject | undefined {
    return this.nodes().find((node) => node.name === name)
  }

  names(): string[] {
    return this.nodes()
      .map((node) => node.name)
      .sort()
  }

  private index(): InvertedIndex {
    const nodes = this.nodes()
    let index = this.indexes.get(nodes)
    if (!index) {
      index = buildInvertedIndex(nodes, (node) => this.document(node))
      this.indexes.set(nodes, index)
    }

    return index
  }

  private document(node: NodeObject): string[] {
    let tokens = this.documents.get(node)
    if (!tokens) {
      tokens = documentTokens(node)
      this.documents.set(node, tokens)
    }

    return tokens
  }
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The first value the node's text holds for a key (its tokens are sorted by key, then value). */
function sortValue(tokens: string[], field: string): string {
  const prefix = `${field}${SEPARATOR}`
  return tokens.find((token) => token.startsWith(prefix))?.slice(prefix.length) ?? ''
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
