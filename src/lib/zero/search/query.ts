// Parser for node search queries. Precedence, loosest first: OR (also `||` and plain
// juxtaposition, Chef's default operator) < AND (`&&`) < the prefixes NOT/`!`/`-`/`+`.
// Inside an OR group the prefixes act as Lucene's occur flags: `a -b` is "a and not b",
// `+a b` is "a" (b only affects scoring in Lucene, and we do not score).
import {QuerySyntaxError, tokenize, type TermPart, type Token} from './tokens.js'

export type Occur = 'must' | 'should' | 'mustNot'

export type QueryNode =
  | {type: 'all'}
  | {type: 'bool'; clauses: Array<{occur: Occur; node: QueryNode}>}
  | {type: 'and'; nodes: QueryNode[]}
  | {type: 'not'; node: QueryNode}
  /** `field` undefined: any field. `parts` undefined with phrase: exact text. */
  | {type: 'term'; field?: string; parts: TermPart[]}
  | {type: 'exists'; field: string}
  | {type: 'range'; field: string; low: string; high: string; includeLow: boolean; includeHigh: boolean}

export {QuerySyntaxError} from './tokens.js'

/** Parses a query; an empty one means `*:*`, as Chef Server treats a missing `q`. */
export function parseQuery(query: string): QueryNode {
  const tokens = tokenize(query)
  if (tokens.length === 0) return {type: 'all'}
  const parser = new Parser(tokens)
  const node = parser.parseOr(undefined)
  parser.expectEnd()
  return node
}

const describe = (token: Token | undefined): string => {
  if (!token) return 'the end of the query'
  switch (token.kind) {
    case 'word':
    case 'phrase': {
      return `'${token.text}' at position ${token.at + 1}`
    }

    case 'range': {
      return `a range at position ${token.at + 1}`
    }

    default: {
      return `${token.kind === 'lparen' ? "'('" : token.kind === 'rparen' ? "')'" : token.kind === 'colon' ? "':'" : token.kind.toUpperCase()} at position ${token.at + 1}`
    }
  }
}

class Parser {
  private index = 0

  constructor(private readonly tokens: Token[]) {}

  expectEnd(): void {
    const token = this.peek()
    if (token?.kind === 'colon') throw new QuerySyntaxError(`unexpected ':' at position ${token.at + 1} (escape a literal colon as \\:)`)
    if (token) throw new QuerySyntaxError(`unexpected ${describe(token)}`)
  }

  parseOr(field: string | undefined): QueryNode {
    const clauses = [this.parseAnd(field)]
    for (;;) {
      const token = this.peek()
      if (!token || token.kind === 'rparen' || token.kind === 'colon') break
      if (token.kind === 'or') this.index++
      clauses.push(this.parseAnd(field))
    }

    return clauses.length === 1 && clauses[0].occur !== 'mustNot' ? clauses[0].node : {type: 'bool', clauses}
  }

  private parseAnd(field: string | undefined): {occur: Occur; node: QueryNode} {
    const first = this.parseClause(field)
    if (this.peek()?.kind !== 'and') return first
    const nodes = [first]
    while (this.peek()?.kind === 'and') {
      this.index++
      nodes.push(this.parseClause(field))
    }

    // `a AND -b` reads as "a and not b", whatever the prefix on each side.
    return {occur: 'should', node: {type: 'and', nodes: nodes.map((c) => (c.occur === 'mustNot' ? {type: 'not', node: c.node} : c.node))}}
  }

  private parseClause(field: string | undefined): {occur: Occur; node: QueryNode} {
    const token = this.peek()
    if (token?.kind === 'plus' || token?.kind === 'minus' || token?.kind === 'not') {
      this.index++
      return {occur: token.kind === 'plus' ? 'must' : 'mustNot', node: this.parsePrimary(field)}
    }

    return {occur: 'should', node: this.parsePrimary(field)}
  }

  private parsePrimary(field: string | undefined): QueryNode {
    const token = this.next()
    if (!token) throw new QuerySyntaxError('the query ends where a term was expected')
    switch (token.kind) {
      case 'lparen': {
        return this.parseGroup(field)
      }

      case 'phrase': {
        return {type: 'term', field, parts: [{literal: token.text}]}
      }

      case 'range': {
        if (field === undefined) throw new QuerySyntaxError(`a range needs a field, e.g. field:[a TO b] (position ${token.at + 1})`)
        return {type: 'range', field, low: token.low, high: token.high, includeLow: token.includeLow, includeHigh: token.includeHigh}
      }

      case 'word': {
        if (this.peek()?.kind === 'colon') {
          const colon = this.tokens[this.index++]
          if (field !== undefined) {
            // `recipe:apache2::default`: the value's own colons must be escaped.
            throw new QuerySyntaxError(`unexpected ':' at position ${colon.at + 1} after '${token.text}' (escape a literal colon as \\: or use a field only once)`)
          }

          return this.parseFieldValue(token)
        }

        return termNode(field, token.parts)
      }

      default: {
        throw new QuerySyntaxError(`unexpected ${describe(token)}`)
      }
    }
  }

  private parseFieldValue(name: Extract<Token, {kind: 'word'}>): QueryNode {
    const isStar = name.parts.length === 1 && 'wildcard' in name.parts[0] && name.parts[0].wildcard === '*'
    if (!isStar && name.parts.some((part) => 'wildcard' in part)) throw new QuerySyntaxError(`wildcards are not allowed in field names ('${name.text}')`)
    const field = isStar ? '*' : name.parts.map((part) => ('literal' in part ? part.literal : '')).join('')
    const value = this.peek()
    if (!value || !['word', 'phrase', 'range', 'lparen'].includes(value.kind)) {
      throw new QuerySyntaxError(`'${name.text}:' must be followed by a value, found ${describe(value)}`)
    }

    if (field === '*') {
      this.index++
      if (value.kind === 'word' && value.text === '*') return {type: 'all'}
      throw new QuerySyntaxError(`'*:' can only be used as '*:*'`)
    }

    return this.parsePrimary(field)
  }

  private parseGroup(field: string | undefined): QueryNode {
    if (this.peek()?.kind === 'rparen') throw new QuerySyntaxError('empty parentheses')
    const node = this.parseOr(field)
    const close = this.next()
    if (close?.kind !== 'rparen') throw new QuerySyntaxError(close ? `unexpected ${describe(close)} (missing ')'?)` : "missing ')'")
    return node
  }

  private peek(): Token | undefined {
    return this.tokens[this.index]
  }

  private next(): Token | undefined {
    return this.tokens[this.index++]
  }
}

function termNode(field: string | undefined, parts: TermPart[]): QueryNode {
  // `field:*` asks whether the field exists; a bare `*` matches everything.
  if (parts.length === 1 && 'wildcard' in parts[0] && parts[0].wildcard === '*') return field === undefined ? {type: 'all'} : {type: 'exists', field}
  return {type: 'term', field, parts}
}
