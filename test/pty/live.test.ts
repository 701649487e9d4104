// The live line and the live view in a real terminal: tmux runs the driver in a pseudo-terminal
// of a chosen size, and its screen (scrollback included) is read back with capture-pane -J, which
// joins wrapped lines, so a line wider than the terminal shows as one long line.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {after, describe, it} from 'node:test'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DRIVER = fileURLToPath(new URL('fixtures/live-driver.ts', import.meta.url))
// the project's TypeScript loader (the one the test runner uses)
const LOADER = fileURLToPath(new URL('../../scripts/ts-loader/register.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'pushy-pty-'))
after(() => rmSync(dir, {recursive: true, force: true}))

let sessions = 0

function tmux(socket: string, ...args: string[]): string {
  const run = spawnSync('tmux', ['-S', socket, ...args], {encoding: 'utf8', timeout: 30_000, env: {...process.env, TERM: 'xterm-256color'}})
  assert.ifError(run.error) // tmux missing: install it (Debian: tmux), never a skip
  assert.equal(run.status, 0, `tmux ${args.join(' ')}: ${run.stderr}`)
  return run.stdout
}

/** The terminal's rows (scrollback and screen), trailing blank rows dropped. */
const screen = (socket: string): string[] => {
  const rows = tmux(socket, 'capture-pane', '-p', '-J', '-S', '-', '-E', '-').split('\n').map((row) => row.trimEnd())
  while (rows.length > 0 && rows.at(-1) === '') rows.pop()
  return rows
}

/** Runs the driver in a columns x rows terminal: the screen with the view up, and after stop. */
function run(columns: number, rows: number, nodes: number, frames: number): {during: string[]; after: string[]} {
  const socket = join(dir, `s${sessions++}`)
  const driver = [process.execPath, '--import', LOADER, DRIVER, socket, String(nodes), String(frames)].map((a) => `'${a}'`).join(' ')
  tmux(socket, '-f', '/dev/null', 'new-session', '-d', '-x', String(columns), '-y', String(rows), '-c', ROOT, `${driver}; tmux -S '${socket}' wait-for -S done; sleep 600`)
  try {
    tmux(socket, 'wait-for', 'frames')
    const during = screen(socket)
    tmux(socket, 'wait-for', '-S', 'stop')
    tmux(socket, 'wait-for', 'done')
    return {during, after: screen(socket)}
  } finally {
    spawnSync('tmux', ['-S', socket, 'kill-server'])
  }
}

const STARTED = `Batch 2/5: Started.  Job ID: ${'a'.repeat(32)}`

/** Every row but the first (the Started line, printed once, may wrap like any text) fits. */
function assertFits(rows: string[], columns: number): void {
  assert.equal(rows[0], STARTED)
  for (const row of rows.slice(1)) assert.ok([...row].length <= columns, `${[...row].length} > ${columns} columns: ${JSON.stringify(row)}`)
}

describe('live progress in a real terminal', () => {
  it('40 columns: no line wider than the terminal, and frames do not add lines (was 190 lines in 20 s)', () => {
    const few = run(40, 10, 30, 10)
    const many = run(40, 10, 30, 200)
    for (const {during} of [few, many]) {
      assertFits(during, 40)
    }
    assert.equal(many.during.length, few.during.length, 'as many lines after 200 frames as after 10')
    assert.ok(many.during.length <= 10, `the view fits 10 rows: ${many.during.length}`)
    // The final summary replaces the view: the first line and one verdict line.
    assert.equal(many.after.length, 2, many.after.join('\n'))
    assert.match(many.after[1], /^✖ complete {2}\d+ succeeded · \d+ failed/)
    assertFits(many.after, 40)
  })

  it('80x24: one line per node while they fit', () => {
    const {during, after} = run(80, 24, 12, 30)
    assertFits(during, 80)
    assert.equal(during.length, 1 + 1 + 12, during.join('\n'))
    assert.match(during[1], /^⠏ running {2}8 running · 2 succeeded · 2 failed {2}batch 2\/5 {2}3\.0s$/)
    assert.match(during[2], /^ {2}web-001\.example\.com {2}failed/)
    assert.match(during.at(-1)!, /^ {2}web-012\.example\.com {2}running {6}3\.0s$/)
    assert.equal(after.length, 2)
  })

  it('40x10: more nodes than rows, counts and the nodes running longest, fitted', () => {
    const {during} = run(40, 10, 100, 30)
    assertFits(during, 40)
    assert.equal(during.length, 1 + 9, during.join('\n'))
    assert.match(during[1], /^⠏ running/)
    assert.equal(during[2], '  90 running · 6 succeeded · 4 failed')
    assert.ok(during.some((row) => row.includes('running longest:')))
  })
})
