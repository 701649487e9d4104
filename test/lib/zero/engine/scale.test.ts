import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {parseFleet} from '../../../../src/lib/zero/fleet.js'
import {allEvents, engineWith, sequence} from './helpers.js'

describe('scale', () => {
  it('a 10,000-node simulated job completes with every event delivered', async () => {
    const fleet = parseFleet('generate:\n  - {prefix: app-, count: 10000, exec: false, delay_ms: 20}\n', 'big.yml')
    const stateDir = mkdtempSync(join(tmpdir(), 'pushy-scale-'))
    const engine = engineWith(fleet.nodes, {stateDir, timings: {votingTimeoutMs: 30_000}})
    const names = fleet.nodes.map((n) => n.name)
    const job = engine.startJob({command: 'chef-client', nodes: names, captureOutput: true}, 'u')
    const events = await allEvents(engine, job.id)
    const count = (prefix: string) => sequence(events).filter((e) => e.startsWith(prefix)).length
    assert.equal(events.length, 1 + 10_000 + 1 + 10_000 + 10_000 + 1)
    assert.equal(count('quorum_vote'), 10_000)
    assert.equal(count('run_start'), 10_000)
    assert.equal(count('run_complete'), 10_000)
    assert.equal(events.at(-1)?.event, 'job_complete')
    assert.equal(events.at(-1)?.data.status, 'complete')
    assert.equal(engine.getJob(job.id)?.nodes?.succeeded?.length, 10_000)
    assert.match(engine.output(job.id, 'app-05000', 'stdout')!.toString(), /app-05000/)
    assert.deepEqual(events.map((e) => e.id).slice(-2), ['job-30002', 'job-30003'])
    await engine.close()
    rmSync(stateDir, {recursive: true, force: true})
  })
})
