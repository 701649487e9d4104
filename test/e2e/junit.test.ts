// `-F junit` end to end: a job with a failing, a nacking and an offline node, and a rollout, as
// CI systems would read them; every document validates against Jenkins' JUnit schema.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {after, before, describe, it} from 'node:test'
import {fleetNode, fleetOf} from '../helpers/zero.js'
import {assertExit, e2eServer, type E2e} from './support.js'

const XSD = fileURLToPath(new URL('../fixtures/junit-10.xsd', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'pushy-junit-e2e-'))

function assertValid(xml: string): void {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.xml`)
  writeFileSync(file, xml)
  const run = spawnSync('xmllint', ['--noout', '--schema', XSD, file], {encoding: 'utf8'})
  assert.ifError(run.error) // xmllint missing: install libxml2-utils (scripts/test-deps.sh), never a skip
  assert.equal(run.status, 0, `${run.stderr}\n${xml}`)
}

describe('e2e: -F junit', () => {
  let e: E2e
  before(async () => {
    e = await e2eServer({fleet: fleetOf(fleetNode('ok-1'), fleetNode('ok-2'), fleetNode('bad-1', {run: 'fail'}), fleetNode('busy-1', {vote: 'nack'}), fleetNode('down-1', {online: false}))})
  })
  after(() => e.close())

  it('job start: one case per node, the failed one a <failure>, the ones that did not run <skipped>; exit 1', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'ok-1', 'ok-2', 'bad-1', 'busy-1', 'down-1', '--quorum', '3', '--capture', '-F', 'junit'])
    assertExit(result, 1)
    assertValid(result.stdout)
    assert.match(result.stdout, /<testsuite name="pushy chef-client" tests="5" failures="1" errors="0" skipped="2"/)
    assert.match(result.stdout, /<testcase classname="chef-client" name="bad-1"[^>]*>\n {6}<failure type="failed"/)
    assert.match(result.stdout, /<testcase classname="chef-client" name="busy-1"[^>]*>\n {6}<skipped type="nacked"/)
    assert.match(result.stdout, /<testcase classname="chef-client" name="ok-1"[^>]*>\n {6}<system-out>/, 'captured output in <system-out>')
    // each node that ran has the time it ran, as the feed showed it; the others have none
    for (const node of ['ok-1', 'ok-2', 'bad-1']) assert.match(result.stdout, new RegExp(`<testcase classname="chef-client" name="${node}" time="\\d+\\.\\d{3}"`))
    for (const node of ['busy-1', 'down-1']) assert.match(result.stdout, new RegExp(`<testcase classname="chef-client" name="${node}">`))
  })

  it('--strict: the nodes that did not run are failures too', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'ok-1', 'busy-1', '--quorum', '1', '--strict', '-F', 'junit'])
    assertExit(result, 1)
    assertValid(result.stdout)
    assert.match(result.stdout, /<testcase classname="chef-client" name="busy-1"[^>]*>\n {6}<failure type="nacked"/)
  })

  it('a rollout: one suite per batch and one for the nodes never started; valid', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'ok-1', 'bad-1', 'ok-2', '--batch-size', '1', '-F', 'junit'])
    assertExit(result, 1)
    assertValid(result.stdout)
    // batches in name order: bad-1 fails first and the budget (0) stops the rollout
    assert.equal(result.stdout.match(/<testsuite /g)?.length, 2)
    assert.match(result.stdout, /<testsuite name="pushy chef-client \(not started\)" tests="2" failures="0" errors="0" skipped="2">/)
    assert.match(result.stdout, /<testcase classname="chef-client" name="bad-1" time="\d+\.\d{3}">/, 'a batch node has its time')
  })

  it('job status of a quorum_failed job: the job itself is a failing case, so CI does not show green', async () => {
    const failed = await e.run(['job', 'start', 'chef-client', 'ok-1', 'down-1'])
    assertExit(failed, 3)
    const result = await e.run(['job', 'status', 'last', '-F', 'junit'])
    assertExit(result, 0)
    assertValid(result.stdout)
    assert.match(result.stdout, /<failure type="quorum_failed" message="the job ended quorum_failed"\/>/)
  })
})
