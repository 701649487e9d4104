// Redrawing a multi-line view in place with cursor-up and erase escapes. The cursor is left at
// the end of the view's last line, so the next frame starts by going back up to its first line.
import {visibleWidth} from './ansi.js'

const ERASE_LINE_END = '\u001B[K'
const ERASE_DOWN = '\u001B[J'
const up = (rows: number): string => (rows > 0 ? `\u001B[${rows}A` : '')

/**
 * Rows the lines take on a terminal `columns` wide. Lines drawn to fit a wider terminal wrap
 * once it shrinks (most terminals reflow them), so after a resize the view may be taller.
 */
export function screenRows(lines: readonly string[], columns: number): number {
  return lines.reduce((rows, line) => rows + Math.max(1, Math.ceil(visibleWidth(line) / Math.max(1, columns))), 0)
}

/** Back to the first row of a view `rows` tall (0: nothing drawn yet), at its first column. */
function toTop(rows: number): string {
  return rows > 0 ? `\r${up(rows - 1)}` : ''
}

/**
 * Bytes that replace a view `previousRows` tall with `lines`: each line overwrites the old one and
 * erases what is left of it, then everything below is erased (a shorter view leaves nothing).
 * Nothing is cleared first, so the view does not flicker.
 */
export function redrawView(previousRows: number, lines: readonly string[]): string {
  return `${toTop(previousRows)}${lines.join(`${ERASE_LINE_END}\n`)}${ERASE_LINE_END}${ERASE_DOWN}`
}

/** Bytes that erase a view `rows` tall and leave the cursor where its first line began. */
export function eraseView(rows: number): string {
  return rows > 0 ? `${toTop(rows)}${ERASE_DOWN}` : ''
}
