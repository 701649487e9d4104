// Evaluates a parsed query against a node's search document.
import type {QueryNode} from './query.js'
import type {SearchDocument} from './document.js'
import type {TermPart} from './tokens.js'

export type Matcher = (doc: SearchDocument) => boolean

const escapeRegExp = (text: string): string => text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A whole-value test for one term: plain equality when there is no wildcard. */
function valueTest(parts: TermPart[]): (value: string) => boolean {
  if (parts.every((part) => 'literal' in part)) {
    const text = parts.map((part) => ('literal' in part ? part.literal : '')).join('').toLowerCase()
    return (value) => value === text
  }

  const source = parts.map((part) => ('literal' in part ? escapeRegExp(part.literal.toLowerCase()) : part.wildcard === '*' ? '[\\s\\S]*' : '[\\s\\S]')).join('')
  const pattern = new RegExp(`^${source}$`)
  return (value) => pattern.test(value)
}

const NUMBER = /^-?\d+(\.\d+)?$/

/** Numbers compare as numbers when both sides are numeric, otherwise as (lower-cased) text. */
function compare(value: string, bound: string): number {
  if (NUMBER.test(value) && NUMBER.test(bound)) return Number(value) - Number(bound)
  return value < bound ? -1 : value > bound ? 1 : 0
}

function rangeTest(node: Extract<QueryNode, {type: 'range'}>): (value: string) => boolean {
  const low = node.low.toLowerCase()
  const high = node.high.toLowerCase()
  return (value) => {
    if (low !== '*') {
      const c = compare(value, low)
      if (c < 0 || (c === 0 && !node.includeLow)) return false
    }

    if (high !== '*') {
      const c = compare(value, high)
      if (c > 0 || (c === 0 && !node.includeHigh)) return false
    }

    return true
  }
}

function fieldTest(field: string | undefined, test: (value: string) => boolean): Matcher {
  if (field === undefined) {
    return (doc) => {
      for (const values of doc.values()) if (values.some(test)) return true
      return false
    }
  }

  return (doc) => doc.get(field)?.some(test) ?? false
}

/** Compiles the query once (regexes included) so each node costs only the tests. */
export function compileQuery(node: QueryNode): Matcher {
  switch (node.type) {
    case 'all': {
      return () => true
    }

    case 'term': {
      return fieldTest(node.field, valueTest(node.parts))
    }

    case 'range': {
      return fieldTest(node.field, rangeTest(node))
    }

    case 'exists': {
      return (doc) => doc.has(node.field)
    }

    case 'not': {
      const inner = compileQuery(node.node)
      return (doc) => !inner(doc)
    }

    case 'and': {
      const parts = node.nodes.map((child) => compileQuery(child))
      return (doc) => parts.every((part) => part(doc))
    }

    case 'bool': {
      const must = node.clauses.filter((c) => c.occur === 'must').map((c) => compileQuery(c.node))
      const should = node.clauses.filter((c) => c.occur === 'should').map((c) => compileQuery(c.node))
      const mustNot = node.clauses.filter((c) => c.occur === 'mustNot').map((c) => compileQuery(c.node))
      // Optional clauses decide only when nothing is required; a purely negative query
      // matches everything else (Solr adds the implicit *:*, as Chef Server relies on).
      const shouldDecides = must.length === 0 && should.length > 0
      return (doc) =>
        must.every((m) => m(doc)) && !mustNot.some((m) => m(doc)) && (!shouldDecides || should.some((m) => m(doc)))
    }
  }
}
