// Width and truncation of text that may hold ANSI escapes (chalk's colours), for everything that
// must fit a terminal: the live line, the live view and tables. An escape sequence takes no
// column and is never cut in half: a terminal would swallow the text after a partial one.

// CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC ] … ESC \`), or ESC and one character.
const ESCAPE_SOURCE = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/.source
const ESCAPE = new RegExp(ESCAPE_SOURCE, 'y')
const EVERY_ESCAPE = new RegExp(ESCAPE_SOURCE, 'g')

const RESET = '\u001B[0m'
export const ELLIPSIS = '…'

// Columns a code point takes: 0 for controls, combining marks and zero-width characters, 2 for
// East Asian wide ones (the common ranges; node names are ASCII in practice), else 1.
const ZERO_WIDTH = /[\p{Cc}\p{Mn}\p{Me}\u200B-\u200F\u2060\uFEFF]/u
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u

function charWidth(char: string): number {
  const code = char.codePointAt(0)!
  if (code >= 0x20 && code < 0x7f) return 1
  if (ZERO_WIDTH.test(char)) return 0
  return WIDE.test(char) ? 2 : 1
}

/** Splits text into escape sequences (width 0) and single code points. */
function* tokens(text: string): Generator<{text: string; escape: boolean}> {
  let index = 0
  while (index < text.length) {
    ESCAPE.lastIndex = index
    const match = ESCAPE.exec(text)
    if (match) {
      yield {text: match[0], escape: true}
      index += match[0].length
      continue
    }
    const char = String.fromCodePoint(text.codePointAt(index)!)
    // A lone ESC that starts no sequence is a control character: width 0, kept as is.
    yield {text: char, escape: false}
    index += char.length
  }
}

// Most text is plain ASCII: measuring it needs no tokenising.
const PLAIN_ASCII = /^[\x20-\x7E]*$/

/** Columns the text takes on a terminal, escape sequences ignored. */
export function visibleWidth(text: string): number {
  if (PLAIN_ASCII.test(text)) return text.length
  // Redrawn ten times a second: strip escapes in one regex pass, then count what is left.
  const plain = text.includes('\u001B') ? stripAnsi(text) : text
  if (PLAIN_ASCII.test(plain)) return plain.length
  let width = 0
  for (const char of plain) width += charWidth(char)
  return width
}

/** The text without its escape sequences. */
export function stripAnsi(text: string): string {
  return text.includes('\u001B') ? text.replace(EVERY_ESCAPE, '') : text
}

/**
 * The text cut to at most `width` columns, ending in `…` when something was cut. Escape sequences
 * are kept whole, and a cut inside coloured text ends with a reset so the colour does not leak.
 */
export function truncate(text: string, width: number, ellipsis = ELLIPSIS): string {
  if (visibleWidth(text) <= width) return text
  if (width <= 0) return ''
  const room = width - visibleWidth(ellipsis)
  // Too narrow even for the ellipsis: the first columns alone.
  if (room < 0) return truncate(stripAnsi(text), width, '')
  let out = ''
  let used = 0
  let styled = false
  for (const token of tokens(text)) {
    if (token.escape) {
      out += token.text
      styled = true
      continue
    }
    const w = charWidth(token.text)
    if (used + w > room) break
    out += token.text
    used += w
  }
  return `${out}${styled ? RESET : ''}${ellipsis}`
}

/** The text padded with spaces to `width` columns (never cut). */
export function padEnd(text: string, width: number): string {
  const pad = width - visibleWidth(text)
  return pad > 0 ? text + ' '.repeat(pad) : text
}

export interface LinePart {
  text: string
  /**
   * When the line is too wide, parts are dropped from the highest `drop` down; 0 is never dropped.
   * Parts of equal rank go from the last one back.
   */
  drop: number
  /** neighbouring parts of one group are joined by ` · ` (e.g. the node counts), others by two spaces */
  group?: string
}

function joinParts(parts: readonly LinePart[]): string {
  let line = ''
  parts.forEach((part, i) => {
    if (i > 0) line += part.group !== undefined && part.group === parts[i - 1].group ? ' · ' : '  '
    line += part.text
  })
  return line
}

/**
 * The parts joined, fitted to `width` columns: the least important parts are dropped first; if the
 * essential ones are still too wide, the line is truncated.
 */
export function fitParts(parts: readonly LinePart[], width: number): string {
  const kept = parts.filter((part) => part.text !== '')
  while (visibleWidth(joinParts(kept)) > width) {
    let victim = -1
    for (let i = kept.length - 1; i >= 0; i--) if (kept[i].drop > 0 && (victim < 0 || kept[i].drop > kept[victim].drop)) victim = i
    if (victim < 0) break
    kept.splice(victim, 1)
  }
  return truncate(joinParts(kept), width)
}
