// Query text → what Lucene looks up in the `content` field. Chef Server passes the user's text on
// with escapes intact; Lucene then drops each backslash and treats unescaped `*`/`?` as wildcards.
import {QuerySyntaxError} from './errors.js'

/** Between key and value in every indexed token: `platform__=__ubuntu`. */
export const SEPARATOR = '__=__'

/** Literal text, or a wildcard that stands for any run (`*`) or any one character (`?`). */
export type TermPart = {literal: string} | {wildcard: '*' | '?'}

/**
 * Chef lets `/` through, but Lucene reads `/…/` as a regular expression and fails on a lone one,
 * so an unescaped slash in a term never finds a path the way users mean: refuse it here.
 */
export function refuseSlash(text: string, at: number): void {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '/') throw new QuerySyntaxError(`'/' at position ${at + i + 1} must be escaped as '\\/'`)
  }
}

/** Splits Lucene term text into literal runs and wildcards. */
export function termParts(text: string): TermPart[] {
  const parts: TermPart[] = []
  let literal = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '\\') {
      literal += text[++i] ?? ''
    } else if (ch === '*' || ch === '?') {
      if (literal) parts.push({literal})
      literal = ''
      parts.push({wildcard: ch})
    } else {
      literal += ch
    }
  }

  if (literal || parts.length === 0) parts.push({literal})
  return parts
}

/** Lucene drops escapes in phrases and range bounds; wildcards there are plain characters. */
export const unescape = (text: string): string => text.replaceAll(/\\(.)/g, '$1')

export const isLiteral = (parts: TermPart[]): parts is Array<{literal: string}> => parts.every((part) => 'literal' in part)

const escapeRegExp = (text: string): string => text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A whole-token test: wildcards are anchored to the whole token, as Lucene's are. */
export function wildcardTest(parts: TermPart[]): (token: string) => boolean {
  const [first, second] = parts
  // `prefix*`, the common case, without a regular expression.
  if (parts.length === 2 && 'literal' in first && 'wildcard' in second && second.wildcard === '*') return (token) => token.startsWith(first.literal)
  const source = parts.map((part) => ('literal' in part ? escapeRegExp(part.literal) : part.wildcard === '*' ? '[\\s\\S]*' : '[\\s\\S]')).join('')
  const pattern = new RegExp(`^${source}$`, 'u')
  return (token) => pattern.test(token)
}
