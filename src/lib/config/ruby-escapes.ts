// Ruby's double-quoted string escapes, decoded exactly: a knife.rb writing "jos\u00e9" or
// "\x41" means the decoded text, and keeping the letters would sign requests as the wrong user.
// Octal and \x escapes are bytes, not characters ("\xC3\xA9" is "é"), so bytes are gathered and
// decoded as UTF-8 the way Ruby's string would be read; a string that is not valid UTF-8 is refused.

const SIMPLE: Record<string, string> = {n: '\n', t: '\t', r: '\r', s: ' ', e: '\u001B', a: '\u0007', b: '\b', f: '\f', v: '\v'}

/** A decoding failure; the lexer adds the line. */
export class EscapeError extends Error {}

/** One escape after a backslash: the text it stands for (or bytes), and how many characters it used. */
interface Escape {
  text?: string
  bytes?: number[]
  length: number
}

function hexDigits(source: string, start: number, max: number): string {
  let end = start
  while (end < source.length && end - start < max && /[0-9A-Fa-f]/.test(source[end])) end++
  return source.slice(start, end)
}

function codePoint(hex: string): string {
  const value = Number.parseInt(hex, 16)
  if (value > 0x10_FFFF || (value >= 0xD8_00 && value <= 0xDF_FF)) throw new EscapeError(`an invalid Unicode escape \\u{${hex}}`)
  return String.fromCodePoint(value)
}

/** `\cx` and `\C-x`: the control character Ruby makes of x (x & 0x9f; `?` is DEL). */
function control(char: string | undefined): string {
  if (char === undefined || char === '\\' || char.codePointAt(0)! > 0x7F) throw new EscapeError('a control-character escape pushy does not decode')
  return char === '?' ? '\u007F' : String.fromCodePoint(char.codePointAt(0)! & 0x9F)
}

/** Reads the escape whose backslash is at source[pos - 1]. */
function readEscape(source: string, pos: number): Escape {
  const char = source[pos]
  if (char === undefined) return {text: '\\', length: 0}
  if (char in SIMPLE) return {text: SIMPLE[char], length: 1}
  if (/[0-7]/.test(char)) {
    const digits = /^[0-7]{1,3}/.exec(source.slice(pos))![0]
    return {bytes: [Number.parseInt(digits, 8) & 0xFF], length: digits.length}
  }

  if (char === 'x') {
    const hex = hexDigits(source, pos + 1, 2)
    if (hex === '') throw new EscapeError('an invalid hex escape (\\x without digits)')
    return {bytes: [Number.parseInt(hex, 16)], length: 1 + hex.length}
  }

  if (char === 'u') {
    if (source[pos + 1] === '{') {
      const close = source.indexOf('}', pos + 2)
      const body = close === -1 ? '' : source.slice(pos + 2, close)
      if (close === -1 || !/^\s*[0-9A-Fa-f]{1,6}(\s+[0-9A-Fa-f]{1,6})*\s*$/.test(body)) throw new EscapeError('an invalid Unicode escape \\u{…}')
      return {text: body.trim().split(/\s+/).map((hex) => codePoint(hex)).join(''), length: close + 1 - pos}
    }

    const hex = hexDigits(source, pos + 1, 4)
    if (hex.length !== 4) throw new EscapeError('an invalid Unicode escape (\\u needs four hex digits)')
    return {text: codePoint(hex), length: 5}
  }

  if (char === 'c') return {text: control(source[pos + 1]), length: 2}
  if (char === 'C' && source[pos + 1] === '-') return {text: control(source[pos + 2]), length: 3}
  if (char === 'M' && source[pos + 1] === '-') throw new EscapeError('a meta-character escape \\M-… (not valid text)')
  // A backslash before a line break joins the lines; before anything else it is that character.
  if (char === '\n') return {text: '', length: 1}
  return {text: char, length: 1}
}

/**
 * Collects decoded text; byte escapes are held until the next character so that a multi-byte
 * UTF-8 sequence written as escapes decodes to one character.
 */
export class DoubleQuotedText {
  private text = ''
  private bytes: number[] = []

  /** Decodes the escape whose backslash is at source[pos - 1]; returns the characters it used. */
  escape(source: string, pos: number): number {
    const escape = readEscape(source, pos)
    if (escape.bytes) this.bytes.push(...escape.bytes)
    else this.append(escape.text!)
    return escape.length
  }

  append(text: string): void {
    this.flush()
    this.text += text
  }

  /** All text so far, emptied. */
  take(): string {
    this.flush()
    const text = this.text
    this.text = ''
    return text
  }

  private flush(): void {
    if (this.bytes.length === 0) return
    try {
      this.text += new TextDecoder('utf-8', {fatal: true}).decode(new Uint8Array(this.bytes))
    } catch {
      throw new EscapeError('escapes that are not valid UTF-8 text')
    } finally {
      this.bytes = []
    }
  }
}
