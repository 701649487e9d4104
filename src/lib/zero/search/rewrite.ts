// What Chef Server does with a query its grammar accepted: each FIELD:VALUE becomes a search of the
// one `content` field for the token FIELD__=__VALUE, and the rest is passed on as typed. The result
// is what Lucene reads (lucene.ts). Some readings surprise but are Chef's: `role:(a OR b)` is
// `role__=__` followed by a separate group `(a OR b)` of bare terms.
import type {ChefNode} from './chef-query.generated.js'
import {QuerySyntaxError} from './errors.js'
import type {LuceneItem, Query} from './lucene.js'
import {isLiteral, refuseSlash, SEPARATOR, termParts, unescape} from './terms.js'

/** Lucene puts this above any ordinary character to close `FIELD:[x TO *]`, as Chef does. */
const HIGHEST = '\uFFF0'

function termQuery(text: string): Query {
  const parts = termParts(text)
  return isLiteral(parts) ? {type: 'term', token: parts.map((part) => part.literal).join('')} : {type: 'wildcard', parts}
}

/** Lucene's edit distance for `term~N`: N edits if N ≥ 1, else a similarity of the term's length. */
function fuzzyEdits(param: string, token: string, at: number): number {
  const value = param === '' ? 2 : Number(param)
  const edits = value >= 1 ? Math.floor(value) : value === 0 ? 0 : Math.min(Math.floor((1 - value) * [...token].length), 2)
  if (edits > 2) throw new QuerySyntaxError(`'~${param}' at position ${at + 1}: Lucene allows at most 2 edits`)
  return edits
}

function fuzzyQuery(text: string, param: string, at: number): Query {
  const query = termQuery(text)
  // A wildcard wins over `~` in Lucene.
  return query.type === 'term' ? {type: 'fuzzy', token: query.token, edits: fuzzyEdits(param, query.token, at)} : query
}

/** A quoted string: its words, unescaped, in order; a slop of '' is 0. */
function phraseQuery(words: string[], slop: string): Query {
  const tokens = words.map((word) => unescape(word))
  if (tokens.length === 1) return {type: 'term', token: tokens[0]}
  return {type: 'phrase', tokens, slop: slop === '' ? 0 : Math.floor(Number(slop))}
}

function rangeQuery(node: Extract<ChefNode, {type: 'range'}>): Query {
  const prefix = `${node.name}${SEPARATOR}`
  if (node.low === '*' && node.high === '*') return termQuery(`${prefix}*`)
  return {
    type: 'range',
    low: unescape(prefix + (node.low === '*' ? '' : node.low)),
    high: node.high === '*' ? unescape(prefix) + HIGHEST : unescape(prefix + node.high),
    includeLow: node.includeLow,
    includeHigh: node.includeHigh,
  }
}

const clause = (at: number, query: Query): LuceneItem => ({item: 'clause', at, query})

function fieldItems(node: Extract<ChefNode, {type: 'field'}>): LuceneItem[] {
  const prefix = `${node.name}${SEPARATOR}`
  const {arg} = node
  refuseSlash(node.name, node.at)
  if (arg.type === 'term') {
    refuseSlash(arg.text, arg.at)
    return [clause(node.at, termQuery(prefix + arg.text))]
  }

  if (arg.type === 'fuzzy' && arg.operand.type === 'term') {
    refuseSlash(arg.operand.text, arg.operand.at)
    return [clause(node.at, fuzzyQuery(prefix + arg.operand.text, arg.param, node.at))]
  }

  // A group or quoted string after `FIELD:` is not glued to the field: Lucene reads the bare
  // token `FIELD__=__` and then the group or string as a clause of its own.
  return [clause(node.at, termQuery(prefix)), ...rewrite(arg)]
}

/** One node of Chef's syntax tree → the Lucene items its rewritten text stands for. */
export function rewrite(node: ChefNode): LuceneItem[] {
  switch (node.type) {
    case 'all': {
      return [clause(node.at, {type: 'all'})]
    }

    case 'term': {
      refuseSlash(node.text, node.at)
      return [clause(node.at, termQuery(node.text))]
    }

    case 'string': {
      return [clause(node.at, phraseQuery(node.words, ''))]
    }

    case 'fuzzy': {
      const {operand, param} = node
      if (operand.type === 'term') refuseSlash(operand.text, operand.at)
      return [clause(node.at, operand.type === 'term' ? fuzzyQuery(operand.text, param, node.at) : phraseQuery(operand.words, param))]
    }

    case 'field': {
      return fieldItems(node)
    }

    case 'fieldPhrase': {
      const [first, ...rest] = node.words
      return [clause(node.at, phraseQuery([`${node.name}${SEPARATOR}${first}`, ...rest], ''))]
    }

    case 'range': {
      return [clause(node.at, rangeQuery(node))]
    }

    case 'group': {
      return [{item: 'group', at: node.at, items: node.query.flatMap((child) => rewrite(child))}]
    }

    case 'binary': {
      const op = node.op.op === 'AND' || node.op.op === '&&' ? 'AND' : 'OR'
      return [...rewrite(node.lhs), {item: 'conj', at: node.op.at, op}, ...node.rhs.flatMap((child) => rewrite(child))]
    }

    case 'unary': {
      const op = node.op === '!' || node.op === 'NOT' ? 'NOT' : node.op
      return [{item: 'mod', at: node.at, op}, ...rewrite(node.operand)]
    }
  }
}
