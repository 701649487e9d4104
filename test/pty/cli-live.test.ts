// The real CLI's live view in a real terminal: the built pushy, `job start -z` on the default
// fleet, in tmux at 80×24 and 40×10. While the job runs every row of the view fits the terminal;
// at the end one line with the job's mark replaces the view.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {after, describe, it} from 'node:test'
import {pollUntil} from '../helpers/poll.js'

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'pushy-cli-pty-'))
after(() => rmSync(dir, {recursive: true, force: true}))

const tmux = (socket: string, ...args: string[]): string => {
  const run = spawnSync('tmux', ['-S', socket, ...args], {encoding: 'utf8', timeout: 30_000, env: {...process.env, TERM: 'xterm-256color'}})
  assert.ifError(run.error) // tmux missing: install it (Debian: tmux), never a skip
  assert.equal(run.status, 0, `tmux ${args.join(' ')}: ${run.stderr}`)
  return run.stdout
}

/** The screen and scrollback, wrapped lines joined (-J), so a too-wide row shows as one long row. */
const screen = (socket: string): string[] => tmux(socket, 'capture-pane', '-p', '-J', '-S', '-', '-E', '-').split('\n').map((row) => row.trimEnd())

const SPINNER = /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] /
const NODE_ROW = /^ {2}web-\d\d /

async function liveJob(columns: number, rows: number): Promise<{during: string[]; after: string[]}> {
  const socket = join(dir, `${columns}x${rows}`)
  const home = mkdtempSync(join(dir, 'home-'))
  const command = `HOME='${home}' PUSHY_ZERO_STATE_DIR='${join(home, 'zero')}' '${process.execPath}' '${BIN}' job start -z --quorum 90% chef-client -s role:webapp > '${join(home, 'out')}'; echo "exit $?"; sleep 600`
  tmux(socket, '-f', '/dev/null', 'new-session', '-d', '-x', String(columns), '-y', String(rows), command)
  try {
    let during: string[] = []
    await pollUntil('the live view showing running nodes', () => {
      during = screen(socket)
      return during.some((row) => NODE_ROW.test(row) && /running/.test(row)) || undefined
    }, 30_000)
    let done: string[] = []
    await pollUntil('the command to end', () => {
      done = screen(socket)
      return done.some((row) => /^exit \d+$/.test(row)) || undefined
    }, 60_000)
    return {during, after: done}
  } finally {
    spawnSync('tmux', ['-S', socket, 'kill-server'])
  }
}

// the two terminals side by side: each job takes seconds, mostly waiting on the chef-client stand-in
describe('the live view of the real CLI in a real terminal', {concurrency: true}, () => {
  for (const [columns, rows] of [[80, 24], [40, 10]] as const) {
    it(`${columns}×${rows}: the view fits while the job runs, and one marked line replaces it`, async () => {
      const {during, after: done} = await liveJob(columns, rows)
      const view = during.filter((row) => SPINNER.test(row) || NODE_ROW.test(row) || /^ {2}\S/.test(row))
      assert.ok(view.length > 0, during.join('\n'))
      for (const row of view) assert.ok([...row].length <= columns, `${[...row].length} > ${columns} columns: ${JSON.stringify(row)}`)
      assert.ok(view.length <= rows, `${view.length} view rows in a ${rows}-row terminal`)
      assert.ok(done.includes('exit 0'), done.join('\n'))
      assert.ok(done.some((row) => /^✔ complete/.test(row)), done.join('\n'))
      assert.ok(!done.some((row) => SPINNER.test(row) || NODE_ROW.test(row)), `the view was left behind:\n${done.join('\n')}`)
    })
  }
})
