// Makes dist/fast.cjs pure ASCII, keeping its source map right.
// Why: esbuild's default `charset: 'ascii'` escapes strings, templates and identifiers but leaves
// regular expression literals as written, and two dependencies write a non-ASCII character in one
// (ansis: U+009B, oclif: U+203A). One such character makes Node decode the whole 0.8 MB bundle as
// UTF-8 into a two-byte string at every start-up, instead of taking its ASCII fast path: ~1.5 ms
// to read it, and V8 works on twice the bytes (bench/startup.ts: ~3 ms of `job status` in all).
// Inside a regular expression `\uXXXX` matches the same character (astral ones as two escapes,
// which match the same pair of code units, or the same code point with the `u` flag). A character
// after a backslash is refused: `\›` would become `\\u203a`, which means something else.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** The first VLQ number of a source map segment, and how many characters it takes. */
function firstVlq(segment) {
  let value = 0
  let shift = 0
  for (let i = 0; i < segment.length; i++) {
    const digit = BASE64.indexOf(segment[i])
    value += (digit & 31) << shift
    shift += 5
    if ((digit & 32) === 0) return {value: value & 1 ? -(value >>> 1) : value >>> 1, length: i + 1}
  }
  throw new Error(`ascii-output: a source map segment ends inside a number: ${segment}`)
}

function vlq(number) {
  let value = number < 0 ? (-number << 1) | 1 : number << 1
  let text = ''
  do {
    let digit = value & 31
    value >>>= 5
    if (value > 0) digit |= 32
    text += BASE64[digit]
  } while (value > 0)
  return text
}

/** One line of `mappings` with its generated columns moved right by the shifts before them. */
function shiftedLine(line, shifts) {
  if (line === '') return line
  let column = 0
  let previous = 0
  return line
    .split(',')
    .map((segment) => {
      const first = firstVlq(segment)
      column += first.value
      const moved = column + shifts.filter(([at]) => at < column).reduce((sum, [, extra]) => sum + extra, 0)
      const text = vlq(moved - previous) + segment.slice(first.length)
      previous = moved
      return text
    })
    .join(',')
}

const hex = (unit) => unit.toString(16).padStart(4, '0')

/** code (JavaScript text) and its source map (parsed JSON) → both with every non-ASCII character escaped. */
export function asciiOutput(code, map) {
  const lines = code.split('\n')
  const mappings = map.mappings.split(';')
  let escaped = 0
  for (const [index, line] of lines.entries()) {
    if (!/[^\x00-\x7f]/.test(line)) continue
    const shifts = []
    let text = ''
    let column = 0
    for (const char of line) {
      if (char.codePointAt(0) < 0x80) {
        text += char
        column += 1
        continue
      }
      if (/(^|[^\\])(\\\\)*\\$/.test(text)) throw new Error(`ascii-output: line ${index + 1} escapes a non-ASCII character with a backslash; escaping it again would change its meaning`)
      const escape = [...Array(char.length).keys()].map((i) => `\\u${hex(char.charCodeAt(i))}`).join('')
      shifts.push([column, escape.length - char.length])
      text += escape
      column += char.length
      escaped += 1
    }
    lines[index] = text
    if (mappings[index] !== undefined) mappings[index] = shiftedLine(mappings[index], shifts)
  }
  return {code: lines.join('\n'), map: {...map, mappings: mappings.join(';')}, escaped}
}
