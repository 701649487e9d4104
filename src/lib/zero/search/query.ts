// A node-search query, read as Chef Server reads it: its grammar first (a query it cannot read to
// the end is a 400), then its rewrite into one Lucene query over the `content` field, then
// Lucene's own reading of that (occur flags, not precedence).
import {parse, SyntaxError as GrammarError} from './chef-query.generated.js'
import {QuerySyntaxError} from './errors.js'
import type {Query} from './lucene.js'
import {readItems} from './lucene.js'
import {rewrite} from './rewrite.js'

export {QuerySyntaxError} from './errors.js'
export type {Query} from './lucene.js'

const ALL: Query = {type: 'all'}

/** `q` missing means every node; an empty or blank `q` is a 400, as on Chef Server. */
export function parseQuery(query: string | null | undefined): Query {
  if (query === null || query === undefined) return ALL
  if (query.trim() === '') throw new QuerySyntaxError('the query is empty (leave out q to find every node)')
  let tree
  try {
    tree = parse(query)
  } catch (error) {
    if (!(error instanceof GrammarError)) throw error
    throw new QuerySyntaxError(grammarMessage(query, error))
  }

  return readItems(tree.flatMap((node) => rewrite(node)), query.length)
}

const ESCAPABLE = new Set('[]\\/"!(){}^~*?:')

/** Where the grammar stopped, with the text from there, e.g. `syntax error at position 6: ':db'`. */
function grammarMessage(query: string, error: GrammarError): string {
  const at = error.location.start.offset
  if (at >= query.length) return `the query ends early (position ${at + 1})`
  const rest = query.slice(at)
  const shown = rest.length > 12 ? `${rest.slice(0, 12)}…` : rest
  const found = query[at]
  const word = /[^\s()]*$/.exec(query.slice(0, at))?.[0] ?? ''
  if (found === ':' && word.startsWith('+')) return `syntax error at position ${at + 1}: '+' cannot go before a field (write ${word.slice(1)}:… with AND)`
  const hint = ESCAPABLE.has(found) ? ` (write \\${found} to search for it)` : found === '-' && query[at - 1] === '\\' ? " ('-' needs no backslash)" : ''
  return `syntax error at position ${at + 1}: '${shown}'${hint}`
}
