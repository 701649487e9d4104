// The query Lucene builds from the text Chef Server hands it, and how Lucene gives each clause
// its occur flag. Lucene has no operator precedence: `a OR b AND c` makes b and c required and a
// optional, so it finds "b and c". The rules are those of Lucene's classic query parser with
// OR as the default operator (Chef's setting).
import {QuerySyntaxError} from './errors.js'
import type {TermPart} from './terms.js'

export type Occur = 'must' | 'should' | 'mustNot'

export type Query =
  | {type: 'all'}
  /** one whole token of `content`, exactly */
  | {type: 'term'; token: string}
  | {type: 'wildcard'; parts: TermPart[]}
  | {type: 'fuzzy'; token: string; edits: number}
  /** tokens in this order, at most `slop` positions apart in all */
  | {type: 'phrase'; tokens: string[]; slop: number}
  /** bounds compare as text; undefined is open */
  | {type: 'range'; low: string; high: string; includeLow: boolean; includeHigh: boolean}
  | {type: 'bool'; clauses: Array<{occur: Occur; query: Query}>}

/** The rewritten query as Lucene reads it: clauses, groups, conjunctions and modifiers in order. */
export type LuceneItem =
  | {item: 'clause'; at: number; query: Query}
  | {item: 'group'; at: number; items: LuceneItem[]}
  | {item: 'conj'; at: number; op: 'AND' | 'OR'}
  | {item: 'mod'; at: number; op: '+' | '-' | 'NOT'}

type Clause = {occur: Occur; query: Query}

const where = (item: LuceneItem | undefined, end: number): string => (item ? `at position ${item.at + 1}` : `at the end (position ${end + 1})`)

/** Lucene's grammar: [conjunction] [modifier] clause, repeated; anything else is a 400. */
export function readItems(items: LuceneItem[], end: number, groupAt?: number): Query {
  const clauses: Clause[] = []
  let bare: Query | undefined
  let i = 0
  while (i < items.length) {
    let conj: 'AND' | 'OR' | undefined
    let mod: '+' | '-' | 'NOT' | undefined
    const first = items[i]
    if (first.item === 'conj') {
      if (clauses.length === 0) throw new QuerySyntaxError(`'${first.op}' ${where(first, end)} has nothing before it`)
      conj = first.op
      i++
    }

    if (items[i]?.item === 'mod') mod = (items[i++] as Extract<LuceneItem, {item: 'mod'}>).op
    const next = items[i++]
    if (!next || next.item === 'conj' || next.item === 'mod') {
      throw new QuerySyntaxError(`a term is missing ${where(next, end)}, after '${mod ?? conj}'`)
    }

    const query = next.item === 'group' ? readItems(next.items, end, next.at) : next.query
    addClause(clauses, conj, mod, query)
    if (clauses.length === 1 && mod === undefined) bare = query
  }

  if (clauses.length === 0) throw new QuerySyntaxError(groupAt === undefined ? 'the query has no term' : `empty parentheses at position ${groupAt + 1}`)
  // One clause without a modifier is that clause's own query, as in Lucene.
  return clauses.length === 1 && bare ? bare : {type: 'bool', clauses}
}

/** Lucene's addClause for the default operator OR. */
function addClause(clauses: Clause[], conj: 'AND' | 'OR' | undefined, mod: '+' | '-' | 'NOT' | undefined, query: Query): void {
  const last = clauses.at(-1)
  // `a AND b` makes the clause before AND required too, unless it is prohibited.
  if (conj === 'AND' && last && last.occur !== 'mustNot') last.occur = 'must'
  const prohibited = mod === '-' || mod === 'NOT'
  const required = mod === '+' || (conj === 'AND' && !prohibited)
  clauses.push({occur: prohibited ? 'mustNot' : required ? 'must' : 'should', query})
}
