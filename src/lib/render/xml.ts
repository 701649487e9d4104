// Escaping for the XML that pushy writes by hand (junit.ts). XML 1.0 cannot carry most control
// characters, lone surrogates, U+FFFE or U+FFFF even as character references: they are dropped.

// Everything outside XML 1.0's Char production (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]).
const FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

const ENTITY: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\t': '&#9;', '\n': '&#10;'}

// In text, a raw CR would be read back as LF; in attributes, tab and line breaks as spaces.
const TEXT_SPECIAL = /[&<>\r]/g
const ATTRIBUTE_SPECIAL = /[&<>"\r\t\n]/g

// Most text is printable ASCII with line breaks: one cheap test spares the Unicode-aware pass.
const SAFE_ASCII = /^[\t\n\r\x20-\x7E]*$/

/** The text without the characters XML forbids. */
export function xmlChars(text: string): string {
  return SAFE_ASCII.test(text) ? text : text.replace(FORBIDDEN, '')
}

/** Text content: markup characters escaped, forbidden characters dropped. */
export function xmlText(text: string): string {
  return xmlChars(text).replace(TEXT_SPECIAL, (c) => ENTITY[c])
}

/** An attribute value for double quotes; whitespace kept as character references. */
export function xmlAttribute(text: string): string {
  return xmlChars(text).replace(ATTRIBUTE_SPECIAL, (c) => ENTITY[c])
}
