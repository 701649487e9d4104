// A result larger than a pipe's buffer, read by a slow consumer (`pushy … | grep`), must arrive
// whole: process.exit() does not wait for a pipe to drain.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {after, before, describe, it} from 'node:test'
import {BIN} from '../helpers/cli.js'
import {fleetNode, fleetOf, sleep} from '../helpers/zero.js'
import {e2eServer, type E2e} from './support.js'

describe('e2e: a large result through a slow pipe', () => {
  let e2e: E2e
  const nodes = Array.from({length: 6000}, (_, i) => `node-with-a-longish-name-${String(i).padStart(5, '0')}`)

  before(async () => {
    e2e = await e2eServer({fleet: fleetOf(...nodes.map((name) => fleetNode(name, {exec: false, delayMs: 1})))})
  })
  after(() => e2e.close())

  it('prints every node of a 6,000-node job even when stdout is read late', {timeout: 60_000}, async () => {
    const child = spawn(process.execPath, [BIN, 'job', 'start', 'chef-client', '--search', 'name:*', '--json'], {
      env: {...process.env, HOME: e2e.home},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // Nobody reads stdout until a second after the job completed, while the result is written.
    child.stdout.pause()
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const closed = new Promise((resolve) => child.stdout.on('close', resolve))
    const chunks: Buffer[] = []
    let stderr = ''
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8')
        if (/Complete\./.test(stderr)) resolve()
      })
    })
    await sleep(1000)
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stdout.resume()
    const code = await exited
    await closed
    const job = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    assert.equal(code, 0)
    assert.ok(Buffer.concat(chunks).length > 65_536, 'the result is larger than a pipe buffer')
    assert.equal(job.nodes.succeeded.length, 6000)
  })
})
