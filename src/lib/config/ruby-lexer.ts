// Tokens of the small part of Ruby that knife configs are written in. Anything else is still
// tokenised (as a name or a punctuation mark) so the parser can say exactly what it did not understand.

/** A piece of a double-quoted string: literal text, or the source of a `#{…}` interpolation. */
import {DoubleQuotedText, EscapeError} from './ruby-escapes.js'

export type StringPart = string | {code: string; line: number}

export type Token =
  | {kind: 'string'; parts: StringPart[]; line: number}
  /** `%w(a b)` */
  | {kind: 'words'; words: string[]; line: number}
  | {kind: 'symbol'; name: string; line: number}
  | {kind: 'number'; value: number; line: number}
  /** a name followed directly by `:` as in `{path: "x"}` */
  | {kind: 'label'; name: string; line: number}
  /** names, constants and globals (`$stdout`) */
  | {kind: 'name'; name: string; line: number; spaceAfter: boolean}
  | {kind: 'punct'; text: string; line: number}
  | {kind: 'newline'; line: number}

/** A lexing failure; the caller adds the file name. */
export class RubySyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(message)
  }
}

// Longest first, so `||` is not read as two `|`.
const PUNCTUATION = ['||=', '**', '::', '||', '&&', '=>', '==', '!=', '<<', '+=', '(', ')', '[', ']', '{', '}', ',', '.', '=', '+', ';', '?', '|', '&', '!', '<', '>', '-', '*', '/', '%', '@', '$', '^', '~']
// After these a line break does not end the statement, as in Ruby.
const CONTINUES_LINE = new Set([',', '||', '&&', '+', '=', '||=', '==', '!=', '=>', '.', '(', '[', '{'])
const CLOSING: Record<string, string> = {'(': ')', '[': ']', '{': '}', '<': '>'}

const isNameStart = (char: string): boolean => /[A-Za-z_]/.test(char)
const isNameChar = (char: string): boolean => /\w/.test(char)

export function tokenize(source: string, firstLine = 1): Token[] {
  const tokens: Token[] = []
  let pos = 0
  let line = firstLine
  let depth = 0

  const last = (): Token | undefined => tokens.at(-1)
  const endsStatement = (): boolean => {
    const previous = last()
    if (depth > 0 || previous === undefined || previous.kind === 'newline') return false
    return !(previous.kind === 'punct' && CONTINUES_LINE.has(previous.text))
  }

  const atLineStart = (): boolean => pos === 0 || source[pos - 1] === '\n'
  while (pos < source.length) {
    const char = source[pos]
    if (atLineStart() && /^=begin(\s|$)/.test(source.slice(pos, pos + 7))) {
      // A block comment: everything up to the end of the line starting with =end.
      const end = /^=end(?=\s|$)[^\n]*/m.exec(source.slice(pos))
      if (end === null) throw new RubySyntaxError('=begin without a matching =end', line)
      const skipped = source.slice(pos, pos + end.index + end[0].length)
      line += skipped.split('\n').length - 1
      pos += skipped.length
    } else if (atLineStart() && /^__END__(\r?\n|$)/.test(source.slice(pos, pos + 9))) {
      // Ruby stops reading the program here; what follows is data.
      break
    } else if (char === '\n') {
      if (endsStatement()) tokens.push({kind: 'newline', line})
      line++
      pos++
    } else if (char === '\\' && source[pos + 1] === '\n') {
      line++
      pos += 2
    } else if (char === ' ' || char === '\t' || char === '\r') {
      pos++
    } else if (char === '#') {
      while (pos < source.length && source[pos] !== '\n') pos++
    } else if (char === '"' || char === "'") {
      const start = line
      const read = readString(source, pos + 1, char, line)
      tokens.push({kind: 'string', parts: read.parts, line: start})
      pos = read.end
      line = read.line
    } else if (char === ':' && source[pos + 1] !== ':' && isNameStart(source[pos + 1] ?? '')) {
      let end = pos + 1
      while (end < source.length && isNameChar(source[end])) end++
      if (source[end] === '?' || source[end] === '!') end++
      tokens.push({kind: 'symbol', name: source.slice(pos + 1, end), line})
      pos = end
    } else if (char === ':' && (source[pos + 1] === '"' || source[pos + 1] === "'")) {
      const read = readString(source, pos + 2, source[pos + 1], line)
      if (read.parts.some((part) => typeof part !== 'string')) throw new RubySyntaxError('an interpolated symbol', line)
      tokens.push({kind: 'symbol', name: read.parts.join(''), line})
      pos = read.end
      line = read.line
    } else if (char === '%' && source[pos + 1] === 'w' && /[^\w\s]/.test(source[pos + 2] ?? '')) {
      const read = readWords(source, pos + 3, source[pos + 2], line)
      tokens.push({kind: 'words', words: read.words, line})
      pos = read.end
      line = read.line
    } else if (char === '$' && isNameStart(source[pos + 1] ?? '')) {
      let end = pos + 1
      while (end < source.length && isNameChar(source[end])) end++
      tokens.push({kind: 'name', name: source.slice(pos, end), line, spaceAfter: /\s/.test(source[end] ?? '')})
      pos = end
    } else if (/\d/.test(char)) {
      const match = /^\d[\d_]*(\.\d[\d_]*)?/.exec(source.slice(pos))!
      tokens.push({kind: 'number', value: Number(match[0].replaceAll('_', '')), line})
      pos += match[0].length
    } else if (isNameStart(char)) {
      let end = pos
      while (end < source.length && isNameChar(source[end])) end++
      if (source[end] === '?' || source[end] === '!') end++
      const name = source.slice(pos, end)
      if (source[end] === ':' && source[end + 1] !== ':') {
        tokens.push({kind: 'label', name, line})
        pos = end + 1
      } else {
        tokens.push({kind: 'name', name, line, spaceAfter: /\s/.test(source[end] ?? '')})
        pos = end
      }
    } else {
      const text = PUNCTUATION.find((candidate) => source.startsWith(candidate, pos))
      if (text === undefined) throw new RubySyntaxError(`the character ${JSON.stringify(char)}`, line)
      if (text === '(' || text === '[' || text === '{') depth++
      if (text === ')' || text === ']' || text === '}') depth = Math.max(0, depth - 1)
      tokens.push({kind: 'punct', text, line})
      pos += text.length
    }
  }

  if (endsStatement()) tokens.push({kind: 'newline', line})
  return tokens
}

/** Reads a string body after its opening quote; single quotes know only `\\` and `\'`. */
function readString(source: string, start: number, quote: string, startLine: number): {parts: StringPart[]; end: number; line: number} {
  const parts: StringPart[] = []
  const text = new DoubleQuotedText()
  let pos = start
  let line = startLine
  try {
    while (pos < source.length) {
      const char = source[pos]
      if (char === quote) {
        const last = text.take()
        if (last !== '' || parts.length === 0) parts.push(last)
        return {parts, end: pos + 1, line}
      }

      if (char === '\n') line++
      if (char === '\\') {
        const next = source[pos + 1] ?? ''
        if (next === '\n') line++
        if (quote === "'") {
          text.append(next === '\\' || next === "'" ? next : char + next)
          pos += 2
        } else pos += 1 + text.escape(source, pos + 1)
      } else if (quote === '"' && char === '#' && source[pos + 1] === '{') {
        const close = findInterpolationEnd(source, pos + 2, line)
        const before = text.take()
        if (before !== '') parts.push(before)
        parts.push({code: source.slice(pos + 2, close), line})
        line += source.slice(pos, close).split('\n').length - 1
        pos = close + 1
      } else {
        text.append(char)
        pos++
      }
    }
  } catch (error) {
    if (error instanceof EscapeError) throw new RubySyntaxError(error.message, line)
    throw error
  }

  throw new RubySyntaxError(`a string that is never closed (unbalanced ${quote})`, startLine)
}

/** `%w(…)`: words split at white space; a backslash keeps white space, a delimiter or itself. */
function readWords(source: string, start: number, open: string, startLine: number): {words: string[]; end: number; line: number} {
  const close = CLOSING[open] ?? open
  const words: string[] = []
  let word: string | undefined
  let depth = 0
  let line = startLine
  for (let pos = start; pos < source.length; pos++) {
    const char = source[pos]
    if (char === '\n') line++
    if (char === '\\' && pos + 1 < source.length) {
      const next = source[++pos]
      if (next === '\n') line++
      word = (word ?? '') + (/\s/.test(next) || next === '\\' || next === open || next === close ? next : char + next)
      continue
    }

    if (char === close && depth === 0) {
      if (word !== undefined) words.push(word)
      return {words, end: pos + 1, line}
    }

    if (close !== open && char === open) depth++
    if (close !== open && char === close) depth--
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else word = (word ?? '') + char
  }

  throw new RubySyntaxError(`a %w${open}…${close} that is never closed`, startLine)
}

/** The `}` that closes `#{`, skipping braces and strings nested inside. */
function findInterpolationEnd(source: string, start: number, line: number): number {
  let depth = 0
  let pos = start
  while (pos < source.length) {
    const char = source[pos]
    if (char === '"' || char === "'") pos = readString(source, pos + 1, char, line).end
    else {
      if (char === '{') depth++
      if (char === '}') {
        if (depth === 0) return pos
        depth--
      }

      pos++
    }
  }

  throw new RubySyntaxError('a #{…} interpolation that is never closed', line)
}
