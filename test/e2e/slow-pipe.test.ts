// A result larger than a pipe's buffer, read by a slow consumer (`pushy … | grep`), must arrive
// whole: process.exit() does not wait for a pipe to drain.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {after, before, describe, it} from 'node:test'
import {BIN} from '../helpers/cli.js'
import {fleetNode, fleetOf} from '../helpers/zero.js'
import {e2eServer, type E2e} from './support.js'

describe('e2e: a large result through a slow pipe', () => {
  let e2e: E2e
  const nodes = Array.from({length: 6000}, (_, i) => `node-with-a-longish-name-${'x'.repeat(100)}-${String(i).padStart(5, '0')}`)

  before(async () => {
    e2e = await e2eServer({fleet: fleetOf(...nodes.map((name) => fleetNode(name, {exec: false, delayMs: 1})))})
  })
  after(() => e2e.close())

  it('prints every node of a 6,000-node job even when stdout is read slowly', {timeout: 60_000}, async () => {
    const child = spawn(process.execPath, [BIN, 'job', 'start', 'chef-client', '--search', 'name:*', '--json'], {
      env: {...process.env, HOME: e2e.home},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // A slow reader: after each chunk it stops reading for a while, so the result is still
    // queued in the child when it finishes writing. (The listener is attached at once: Node
    // resumes a child's unread stdout when the child exits, and would drop it otherwise.)
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      child.stdout.pause()
      setTimeout(() => child.stdout.resume(), 100)
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    const closed = new Promise((resolve) => child.stdout.on('close', resolve))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    await closed
    assert.equal(code, 0, stderr)
    const job = JSON.parse(Buffer.concat(chunks).toString('utf8'))

    assert.ok(Buffer.concat(chunks).length > 65_536, 'the result is larger than a pipe buffer')
    assert.equal(job.nodes.succeeded.length, 6000)
  })
})
