// Tokens of the small part of Ruby that knife configs are written in. Anything else is still
// tokenised (as a name or a punctuation mark) so the parser can say exactly what it did not understand.

/** A piece of a double-quoted string: literal text, or the source of a `#{…}` interpolation. */
export type StringPart = string | {code: string; line: number}

export type Token =
  | {kind: 'string'; parts: StringPart[]; line: number}
  | {kind: 'symbol'; name: string; line: number}
  | {kind: 'number'; value: number; line: number}
  /** a name followed directly by `:` as in `{path: "x"}` */
  | {kind: 'label'; name: string; line: number}
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
const PUNCTUATION = ['||=', '**', '::', '||', '&&', '=>', '==', '<<', '+=', '(', ')', '[', ']', '{', '}', ',', '.', '=', '+', ';', '?', '|', '&', '!', '<', '>', '-', '*', '/', '%', '@', '$', '^', '~']
// After these a line break does not end the statement, as in Ruby.
const CONTINUES_LINE = new Set([',', '||', '&&', '+', '=', '=>', '.', '(', '[', '{'])
const SIMPLE_ESCAPES: Record<string, string> = {n: '\n', t: '\t', r: '\r', s: ' ', '0': '\0', e: '\u001B', a: '\u0007', b: '\b', f: '\f', v: '\v'}

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

  while (pos < source.length) {
    const char = source[pos]
    if (char === '\n') {
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
  let text = ''
  let pos = start
  let line = startLine
  while (pos < source.length) {
    const char = source[pos]
    if (char === quote) {
      if (text !== '' || parts.length === 0) parts.push(text)
      return {parts, end: pos + 1, line}
    }

    if (char === '\n') line++
    if (char === '\\') {
      const next = source[pos + 1] ?? ''
      if (quote === "'") text += next === '\\' || next === "'" ? next : char + next
      else text += SIMPLE_ESCAPES[next] ?? next
      if (next === '\n') line++
      pos += 2
    } else if (quote === '"' && char === '#' && source[pos + 1] === '{') {
      const close = findInterpolationEnd(source, pos + 2, line)
      if (text !== '') parts.push(text)
      text = ''
      parts.push({code: source.slice(pos + 2, close), line})
      pos = close + 1
    } else {
      text += char
      pos++
    }
  }

  throw new RubySyntaxError(`a string that is never closed (unbalanced ${quote})`, startLine)
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
