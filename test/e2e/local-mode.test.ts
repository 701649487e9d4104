// `-z` on every command, the way the README tells people to try pushy: the in-process local
// server with the built-in fleet, state kept in PUSHY_ZERO_STATE_DIR so later `-z` commands see
// the jobs an earlier one started.
import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {before, describe, it} from 'node:test'
import {makeHome, runCli} from '../helpers/cli.js'
import {runFast} from '../helpers/in-process.js'
import type {RunOptions} from '../helpers/cli.js'
import {assertExit, knifeText, sortNodes, spawnCli, startedId, transcriptRe} from './support.js'

const WEB = Array.from({length: 9}, (_, i) => `web-0${i + 1}`)

describe('e2e: local mode (-z)', () => {
  const home = makeHome()
  const env = {PUSHY_ZERO_VOTING_TIMEOUT: '1', PUSHY_ZERO_COMPLETE_WAIT: '0.3', PUSHY_ZERO_FLEET: undefined, PUSHY_ZERO_PUSH_VERSION: undefined}
  // in-process (the local server too) but for the README's command, run as a user would
  const run = (args: string[], options: RunOptions = {}) => runFast(args, {home, env, ...options})
  let readmeId = ''
  let readmeStdout = ''

  before(async () => {
    // the README's command, exactly
    const result = await runCli(['job', 'start', '-z', '--quorum', '90%', 'chef-client', '--search', 'role:webapp'], {home, env})
    assertExit(result, 0)
    readmeId = startedId(result.stderr)
    readmeStdout = result.stdout
    assert.match(result.stderr, transcriptRe(readmeId, 10, 'Complete.', '(?:[^\\n]*\\n)*'))
    // x counts the nodes in new/ready/running: the nine online webapp nodes when the run starts
    assert.match(result.stderr, /^Running \(9\/10 in progress\) \.\.\.$/m)
  })

  it("README: job start -z --quorum 90% chef-client --search role:webapp prints knife's transcript: 9 succeeded, web-10 unavailable", async () => {
    const lines = readmeStdout.split('\n')
    assert.equal(lines[0], 'command:     chef-client')
    assert.match(lines[1], /^created_at: {2}\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/)
    assert.equal(lines[2], `id:          ${readmeId}`)
    assert.equal(lines.slice(3, 15).join('\n'), ['nodes:', '  succeeded:', ...WEB.map((n) => `    ${n}`), '  unavailable: web-10'].join('\n'))
    assert.equal(lines[15], 'run_timeout: 3600')
    assert.equal(lines[16], 'status:      complete')
    assert.match(lines[17], /^updated_at: {2}\w{3}, /)
    assert.equal(lines.length, 19)
    assert.equal(lines[18], '')
  })

  it('job status -z sees the job (summary equals what job start printed; --json; -F yaml)', async () => {
    const json = await run(['job', 'status', '-z', readmeId, '--json'])
    assertExit(json, 0)
    const job = JSON.parse(json.stdout)
    assert.equal(job.status, 'complete')
    assert.deepEqual(job.nodes.succeeded, WEB)
    assert.deepEqual(job.nodes.unavailable, ['web-10'])
    assert.equal(knifeText(sortNodes(job)), readmeStdout)

    const summary = await run(['job', 'status', '-z', readmeId])
    assertExit(summary, 0)
    assert.equal(summary.stdout, readmeStdout)
  })

  it('job list -z lists it; job watch -z exits like job start did', async () => {
    const list = await run(['job', 'list', '-z', '--json'])
    assertExit(list, 0)
    assert.ok(JSON.parse(list.stdout).some((j: any) => j.id === readmeId && j.status === 'complete'))

    const table = await run(['job', 'list', '-z', '-F', 'table'])
    assertExit(table, 0)
    assert.ok(table.stdout.includes(readmeId))

    const watch = await run(['job', 'watch', '-z', readmeId])
    assertExit(watch, 0)
    assert.equal(watch.stdout, readmeStdout)
  })

  it('--quorum 100% fails the quorum (exit 3) because web-10 is offline', async () => {
    const result = await run(['job', 'start', '-z', '--quorum', '100%', 'chef-client', '--search', 'role:webapp', '--json'])
    assertExit(result, 3)
    const job = JSON.parse(result.stdout)
    assert.equal(job.status, 'quorum_failed')
    assert.deepEqual(job.nodes.unavailable, ['web-10'])
  })

  it('job output -z: exit 6 for a job without capture; a --capture job started with -z has output afterwards', async () => {
    const none = await run(['job', 'output', '-z', readmeId])
    assertExit(none, 6)
    assert.equal(none.stdout, '')

    const started = await run(['job', 'start', '-z', '--capture', 'chef-client', 'web-01', 'db-01'])
    assertExit(started, 0)
    const id = startedId(started.stderr)
    const one = await run(['job', 'output', '-z', id, 'web-01'])
    assertExit(one, 0)
    assert.ok(one.stdout.length > 0, 'the chef-client stand-in printed something')
    const all = await run(['job', 'output', '-z', id, '--json'])
    assertExit(all, 0)
    const outputs = JSON.parse(all.stdout)
    assert.deepEqual(Object.keys(outputs).sort(), ['db-01', 'web-01'])
    assert.equal(outputs['web-01'].stdout, one.stdout)
  })

  it('node status -z: the online nodes of the built-in fleet; web-10 unavailable when named', async () => {
    const all = await run(['node', 'status', '-z'])
    assertExit(all, 0)
    const lines = all.stdout.replace(/\n$/, '').split('\n').sort()
    assert.deepEqual(lines, ['db-01', 'db-02', ...WEB].map((n) => `${n}\tavailable`))

    const named = await run(['node', 'status', '-z', 'web-10', '--json'])
    assertExit(named, 0)
    assert.deepEqual(JSON.parse(named.stdout), [{node_name: 'web-10', status: 'offline', availability: 'unavailable'}])

    const searched = await run(['node', 'status', '-z', '--search', 'role:db'])
    assertExit(searched, 0)
    assert.deepEqual(searched.stdout.replace(/\n$/, '').split('\n').sort(), ['db-01\tavailable', 'db-02\tavailable'])
  })

  it('job start -z --dry-run starts nothing', async () => {
    const before = JSON.parse((await run(['job', 'list', '-z', '--json'])).stdout).length
    const result = await run(['job', 'start', '-z', '--dry-run', '--quorum', '90%', 'chef-client', '--search', 'role:webapp'])
    assertExit(result, 0)
    assert.ok(!/Started\./.test(result.stderr))
    const after = JSON.parse((await run(['job', 'list', '-z', '--json'])).stdout).length
    assert.equal(after, before)
  })

  it('job feed -z follows until Ctrl-C (exit 130)', async () => {
    const cli = spawnCli(['job', 'feed', '-z'], {home, env})
    await cli.waitFor('stderr', /Following/)
    cli.interrupt()
    const result = await cli.done
    assertExit(result, 130)
  })

  it('PUSHY_ZERO_FLEET points -z at a fleet file', async () => {
    const fleetFile = join(home, 'fleet.yml')
    writeFileSync(fleetFile, 'nodes:\n  - {name: solo-1, exec: false, delay_ms: 10, whitelist: {ok: "true"}}\n  - {name: solo-2, exec: false, run: fail, delay_ms: 10, whitelist: {ok: "true"}}\n')
    const fleetHome = makeHome()
    const result = await runFast(['job', 'start', '-z', 'ok', 'solo-1', 'solo-2'], {home: fleetHome, env: {...env, PUSHY_ZERO_FLEET: fleetFile}})
    assertExit(result, 1)
    assert.match(result.stdout, /^ {2}failed: {4}solo-2\n {2}succeeded: solo-1$/m)
  })
})
