// Lexer for the Lucene query syntax users type into `knife search` / `pushy -s` (the subset Chef
// Server accepts for node search). Keywords are case-sensitive (`AND`, not `and`), as in Lucene.

/** One piece of a term: literal text (escapes already removed) or a wildcard. */
export type TermPart = {literal: string} | {wildcard: '*' | '?'}

export type Token =
  | {kind: 'word'; parts: TermPart[]; text: string; at: number}
  | {kind: 'phrase'; text: string; at: number}
  | {kind: 'range'; low: string; high: string; includeLow: boolean; includeHigh: boolean; at: number}
  | {kind: 'colon' | 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'plus' | 'minus'; at: number}

export class QuerySyntaxError extends Error {}

// Characters that end a word unless escaped. `+ - !` only act as operators at the start of a
// word, so `web-01` stays one term, as Lucene reads it.
const WORD_END = new Set([' ', '\t', '\n', '\r', ':', '(', ')', '"', '[', ']', '{', '}', '^', '~'])
const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r'

export function tokenize(query: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < query.length) {
    const ch = query[i]
    const at = i
    if (isSpace(ch)) {
      i++
    } else if (ch === '(' || ch === ')' || ch === ':') {
      tokens.push({kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'colon', at})
      i++
    } else if (query.startsWith('&&', i) || query.startsWith('||', i)) {
      tokens.push({kind: ch === '&' ? 'and' : 'or', at})
      i += 2
    } else if (ch === '+' || ch === '-' || ch === '!') {
      tokens.push({kind: ch === '+' ? 'plus' : ch === '-' ? 'minus' : 'not', at})
      i++
    } else if (ch === '"') {
      const [text, next] = readPhrase(query, i)
      tokens.push({kind: 'phrase', text, at})
      i = next
    } else if (ch === '[' || ch === '{') {
      const [token, next] = readRange(query, i)
      tokens.push(token)
      i = next
    } else if (WORD_END.has(ch)) {
      throw new QuerySyntaxError(`unexpected '${ch}' at position ${i + 1}`)
    } else {
      const [token, next] = readWord(query, i)
      tokens.push(keyword(token))
      i = next
    }
  }

  return tokens
}

function keyword(token: Extract<Token, {kind: 'word'}>): Token {
  // Only an unescaped, wildcard-free AND/OR/NOT is an operator; `\AND` is the word "AND".
  const plain = token.parts.length === 1 && 'literal' in token.parts[0] && token.text === token.parts[0].literal
  if (plain && token.text === 'AND') return {kind: 'and', at: token.at}
  if (plain && token.text === 'OR') return {kind: 'or', at: token.at}
  if (plain && token.text === 'NOT') return {kind: 'not', at: token.at}
  return token
}

function readWord(query: string, start: number): [Extract<Token, {kind: 'word'}>, number] {
  const parts: TermPart[] = []
  let literal = ''
  let i = start
  const flush = (): void => {
    if (literal) parts.push({literal})
    literal = ''
  }

  while (i < query.length && !WORD_END.has(query[i])) {
    const ch = query[i]
    if (ch === '\\') {
      if (i + 1 >= query.length) throw new QuerySyntaxError('the query ends with a lone backslash')
      literal += query[i + 1]
      i += 2
    } else if (ch === '*' || ch === '?') {
      flush()
      parts.push({wildcard: ch})
      i++
    } else {
      literal += ch
      i++
    }
  }

  flush()
  return [{kind: 'word', parts, text: query.slice(start, i), at: start}, i]
}

function readPhrase(query: string, start: number): [string, number] {
  let text = ''
  for (let i = start + 1; i < query.length; i++) {
    const ch = query[i]
    if (ch === '\\' && i + 1 < query.length) text += query[++i]
    else if (ch === '"') return [text, i + 1]
    else text += ch
  }

  throw new QuerySyntaxError(`unterminated quoted phrase starting at position ${start + 1}`)
}

function readRange(query: string, start: number): [Token, number] {
  const end = query.slice(start + 1).search(/[\]}]/)
  if (end === -1) throw new QuerySyntaxError(`unterminated range starting at position ${start + 1}`)
  const close = start + 1 + end
  const bounds = query.slice(start + 1, close).trim().split(/\s+/)
  if (bounds.length !== 3 || bounds[1] !== 'TO') throw new QuerySyntaxError(`a range must read [LOW TO HIGH] (position ${start + 1})`)
  const unquote = (bound: string): string => bound.replace(/^"(.*)"$/, '$1').replaceAll(/\\(.)/g, '$1')
  const token: Token = {kind: 'range', low: unquote(bounds[0]), high: unquote(bounds[2]), includeLow: query[start] === '[', includeHigh: query[close] === ']', at: start}
  return [token, close + 1]
}
