// What every benchmark reports: figures next to their targets, collected for the final table and
// for bench/results.md. A missed target is printed as MISSED; it never fails the run.
import {writeFileSync} from 'node:fs'

export interface Row {
  bench: string
  figure: string
  target: string
  /** undefined: informational (no target) */
  met?: boolean
}

export class Report {
  readonly rows: Row[] = []
  readonly notes: string[] = []
  readonly #lines: string[] = []

  /** A line of detail, printed now and kept for results.md. */
  line(text = ''): void {
    process.stdout.write(`${text}\n`)
    this.#lines.push(text)
  }

  heading(text: string): void {
    this.line('')
    this.line(`## ${text}`)
  }

  /** A figure with its target, printed now as `figure   [target: …] met|MISSED`. */
  figure(row: Row): void {
    this.rows.push(row)
    const verdict = row.met === undefined ? '' : row.met ? '  met' : '  MISSED'
    this.line(`  ${row.figure}   [target: ${row.target}]${verdict}`)
  }

  note(text: string): void {
    this.notes.push(text)
    this.line(`  note: ${text}`)
  }

  table(): string[] {
    const head: Row = {bench: 'benchmark', figure: 'figure', target: 'target'}
    const cells = [head, ...this.rows].map((r, i) => [r.bench, r.figure, r.target, i === 0 ? 'result' : r.met === undefined ? '—' : r.met ? 'met' : 'MISSED'])
    const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)))
    const fmt = (row: string[]): string => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`
    return [fmt(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(fmt)]
  }

  printTable(): void {
    this.line('')
    this.line('## Summary')
    this.line('')
    for (const row of this.table()) this.line(row)
  }

  save(path: string, header: string[]): void {
    writeFileSync(path, `${[...header, '', '```', ...this.#lines.filter((l) => !l.startsWith('| ') && !l.startsWith('|-') && l !== '## Summary'), '```', '', '## Summary', '', ...this.table(), ''].join('\n')}`)
  }
}
