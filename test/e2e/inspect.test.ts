// Looking at jobs and nodes: job status, job list, job output, job feed and node status, each in
// the formats pushy promises, against one server with a few finished jobs.
import assert from 'node:assert/strict'
import yaml from 'js-yaml'
import {after, before, describe, it} from 'node:test'
import {fleetNode, fleetOf, getJob, pollUntil, startJob, waitForJobStatus} from '../helpers/zero.js'
import {assertErrorLine, assertExit, e2eServer, expectedSummary, knifeText, sortNodes, spawnCli, type E2e} from './support.js'

const WHITELIST = (n: string) => ({
  'chef-client': 'true',
  hello: 'printf "hello\\nworld"',
  split: `echo out; echo err-${n} >&2`,
  bin: n === '1' ? "printf '\\000\\377\\001'" : "printf 'x'",
})

/** `a, b` / `web-[01-03,07]` (pdsh host lists) → names. */
function expandNodeList(text: string): string[] {
  const items = text.split(/,\s*(?![^[]*\])/)
  return items.flatMap((item) => {
    const match = /^(.*)\[([^\]]+)\](.*)$/.exec(item.trim())
    if (!match) return [item.trim()]
    return match[2].split(',').flatMap((range) => {
      const [from, to = from] = range.split('-')
      const out: string[] = []
      for (let n = Number(from); n <= Number(to); n++) out.push(`${match[1]}${String(n).padStart(from.length, '0')}${match[3]}`)
      return out
    })
  })
}

const fleet = fleetOf(
  fleetNode('e-1', {exec: true, whitelist: WHITELIST('1')}),
  fleetNode('e-2', {exec: true, whitelist: WHITELIST('2')}),
  // same job names, different stdout for `hello`
  fleetNode('e-3', {exec: true, whitelist: {...WHITELIST('3'), hello: 'printf "bonjour"'}}),
  fleetNode('s-1'),
  fleetNode('s-bad', {run: 'fail'}),
  fleetNode('busy-1', {vote: 'nack'}),
  fleetNode('down-1', {online: false}),
)

describe('e2e: job status, job list, job output, node status', () => {
  let e: E2e
  const ids: Record<string, string> = {}

  before(async () => {
    e = await e2eServer({fleet})
    const run = async (name: string, body: object) => {
      const {id} = await startJob(e.ts, body)
      await waitForJobStatus(e.ts, id)
      ids[name] = id
    }
    await run('plain', {command: 'chef-client', nodes: ['s-1', 's-bad'], quorum: 2})
    await run('hello', {command: 'hello', nodes: ['e-3', 'e-1', 'e-2', 'busy-1'], quorum: 3, capture_output: true})
    await run('split', {command: 'split', nodes: ['e-1', 'e-2'], quorum: 2, capture_output: true})
    await run('bin', {command: 'bin', nodes: ['e-1'], quorum: 1, capture_output: true})
    await run('quorum', {command: 'chef-client', nodes: ['s-1', 'down-1'], quorum: 2})
  })
  after(async () => {
    await e.close()
  })

  describe('job status', () => {
    it('summary (knife format), exit 0 even though a node failed', async () => {
      const result = await e.run(['job', 'status', ids.plain])
      assertExit(result, 0)
      assert.equal(result.stdout, await expectedSummary(e.ts, ids.plain))
      assert.match(result.stdout, /^  failed: {4}s-bad$/m)
      assert.equal(result.stderr, '')
    })

    it('--color off a TTY: still no colour', async () => {
      const result = await e.run(['job', 'status', ids.plain, '--color'])
      assertExit(result, 0)
      assert.equal(result.stdout, await expectedSummary(e.ts, ids.plain))
    })

    it('a quorum_failed job: still exit 0 (the outcome is shown, not mapped)', async () => {
      const result = await e.run(['job', 'status', ids.quorum])
      assertExit(result, 0)
      assert.equal(result.stdout, await expectedSummary(e.ts, ids.quorum))
    })

    it('--json prints the job object', async () => {
      const result = await e.run(['job', 'status', ids.hello, '--json'])
      assertExit(result, 0)
      assert.deepEqual(JSON.parse(result.stdout), sortNodes(await getJob(e.ts, ids.hello)))
    })

    it('-F yaml prints the job object', async () => {
      const result = await e.run(['job', 'status', ids.hello, '-F', 'yaml'])
      assertExit(result, 0)
      assert.deepEqual(yaml.load(result.stdout), sortNodes(await getJob(e.ts, ids.hello)))
    })

    it('an unknown job: exit 6, one Error: line naming it', async () => {
      const unknown = 'f'.repeat(32)
      const result = await e.run(['job', 'status', unknown])
      assertExit(result, 6)
      assert.equal(result.stdout, '')
      assertErrorLine(result.stderr, new RegExp(unknown))
    })
  })

  describe('job list', () => {
    const allIds = () => Object.values(ids)

    it('--json: the array of every job, newest first', async () => {
      const result = await e.run(['job', 'list', '--json'])
      assertExit(result, 0)
      const jobs: any[] = JSON.parse(result.stdout)
      assert.ok(Array.isArray(jobs))
      assert.deepEqual(jobs.map((j) => j.id).sort(), allIds().sort())
      const times = jobs.map((j) => Date.parse(j.created_at))
      for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] >= times[i], `newest first: ${jobs.map((j) => j.created_at).join(', ')}`)
    })

    it('summary: each job rendered alone, one blank line between, in the same order', async () => {
      const json = JSON.parse((await e.run(['job', 'list', '--json'])).stdout)
      const result = await e.run(['job', 'list'])
      assertExit(result, 0)
      assert.equal(result.stdout, knifeText(json))
      assert.equal(result.stdout.split('\n\n').length, allIds().length)
    })

    it('--status filters, --limit keeps the newest N', async () => {
      const complete = await e.run(['job', 'list', '--status', 'complete', '--json'])
      assertExit(complete, 0)
      const jobs: any[] = JSON.parse(complete.stdout)
      assert.ok(jobs.length >= 4)
      assert.ok(jobs.every((j) => j.status === 'complete'))
      assert.ok(!jobs.some((j) => j.id === ids.quorum))

      const qf = await e.run(['job', 'list', '--status', 'quorum_failed', '--json'])
      assert.deepEqual(JSON.parse(qf.stdout).map((j: any) => j.id), [ids.quorum])

      const all: any[] = JSON.parse((await e.run(['job', 'list', '--json'])).stdout)
      const limited = await e.run(['job', 'list', '--limit', '2', '--json'])
      assertExit(limited, 0)
      assert.deepEqual(JSON.parse(limited.stdout), all.slice(0, 2))
    })

    it('-F table: a header and one row per job (id, command, status, created_at)', async () => {
      const result = await e.run(['job', 'list', '-F', 'table'])
      assertExit(result, 0)
      for (const column of ['id', 'command', 'status', 'created_at']) assert.match(result.stdout, new RegExp(`\\b${column}\\b`))
      for (const id of allIds()) assert.equal(result.stdout.split(id).length - 1, 1, `${id} appears once`)
      const row = result.stdout.split('\n').find((line) => line.includes(ids.quorum))
      assert.match(row ?? '', /quorum_failed/)
      assert.ok(!/\u001B\[/.test(result.stdout), 'no colour off a TTY')
    })
  })

  describe('job output', () => {
    it('one node: the exact bytes, no trailing newline added', async () => {
      const result = await e.run(['job', 'output', ids.hello, 'e-1'])
      assertExit(result, 0)
      assert.equal(result.stdout, 'hello\nworld')
    })

    it('one node: binary bytes exactly as stored', async () => {
      const result = await e.run(['job', 'output', ids.bin, 'e-1'])
      assertExit(result, 0)
      assert.deepEqual([...result.stdoutBytes], [0x00, 0xff, 0x01])
    })

    it('several nodes: identical output printed once under one header listing them (dshbak -c)', async () => {
      const result = await e.run(['job', 'output', ids.hello, 'e-1', 'e-2', 'e-3'])
      assertExit(result, 0)
      assert.equal(result.stdout.split('hello\nworld').length - 1, 1, `identical output once:\n${result.stdout}`)
      assert.equal(result.stdout.split('bonjour').length - 1, 1)
      const lines = result.stdout.split('\n')
      // the header may list the nodes or compress them the way dshbak does (e-[1-2])
      const header = lines.find((line) => {
        const names = expandNodeList(line.replace(/ \(\d+\)$/, ''))
        return names.includes('e-1') && names.includes('e-2')
      })
      assert.ok(header, `a header names e-1 and e-2 together:\n${result.stdout}`)
      assert.ok(!expandNodeList(header.replace(/ \(\d+\)$/, '')).includes('e-3'))
      // the group's content follows its header
      assert.ok(result.stdout.indexOf(header) < result.stdout.indexOf('hello\nworld'))
    })

    it('no node named: every node of the job that finished; the nacked node is reported on stderr, exit 0', async () => {
      const result = await e.run(['job', 'output', ids.hello])
      assertExit(result, 0)
      assert.equal(result.stdout, (await e.run(['job', 'output', ids.hello, 'e-1', 'e-2', 'e-3'])).stdout)
      assert.ok(!result.stdout.includes('busy-1'))
    })

    it('a named node with no output is reported on stderr; exit 0 because another had output', async () => {
      const result = await e.run(['job', 'output', ids.hello, 'e-1', 'busy-1'])
      assertExit(result, 0)
      assert.match(result.stderr, /busy-1/)
      assert.ok(result.stdout.includes('hello\nworld'))
    })

    it('--no-group: every line prefixed with its node name', async () => {
      const result = await e.run(['job', 'output', ids.hello, 'e-1', 'e-2', 'e-3', '--no-group'])
      assertExit(result, 0)
      const lines = result.stdout.replace(/\n$/, '').split('\n')
      assert.equal(lines.length, 5, result.stdout)
      for (const line of lines) assert.match(line, /^e-[123]\b/)
      const content = (node: string) => lines.filter((l) => l.startsWith(node)).map((l) => l.replace(/^e-\d:?\s*/, ''))
      assert.deepEqual(content('e-1'), ['hello', 'world'])
      assert.deepEqual(content('e-2'), ['hello', 'world'])
      assert.deepEqual(content('e-3'), ['bonjour'])
    })

    it('--channel stderr and --channel both', async () => {
      const stderrOnly = await e.run(['job', 'output', ids.split, 'e-1', '--channel', 'stderr'])
      assertExit(stderrOnly, 0)
      assert.equal(stderrOnly.stdout, 'err-1\n')

      const stdoutOnly = await e.run(['job', 'output', ids.split, 'e-2'])
      assert.equal(stdoutOnly.stdout, 'out\n')

      const both = await e.run(['job', 'output', ids.split, '--channel', 'both'])
      assertExit(both, 0)
      for (const text of ['out', 'err-1', 'err-2']) assert.match(both.stdout, new RegExp(`^${text}$`, 'm'))
      assert.equal(both.stdout.split(/^out$/m).length - 1, 1, 'identical stdout grouped once')
    })

    it('--json: {"NODE": {"stdout": …, "stderr": …}}', async () => {
      const result = await e.run(['job', 'output', ids.split, '--channel', 'both', '--json'])
      assertExit(result, 0)
      assert.deepEqual(JSON.parse(result.stdout), {'e-1': {stdout: 'out\n', stderr: 'err-1\n'}, 'e-2': {stdout: 'out\n', stderr: 'err-2\n'}})
      const stdoutOnly = JSON.parse((await e.run(['job', 'output', ids.hello, 'e-1', '--json'])).stdout)
      assert.equal(stdoutOnly['e-1'].stdout, 'hello\nworld')
    })

    it('nothing captured: exit 6 with one Error: line', async () => {
      const result = await e.run(['job', 'output', ids.plain])
      assertExit(result, 6)
      assert.equal(result.stdout, '')
      assertErrorLine(result.stderr, new RegExp(ids.plain))
      const named = await e.run(['job', 'output', ids.plain, 's-1'])
      assertExit(named, 6)
    })
  })

  describe('node status', () => {
    const online = ['busy-1', 'e-1', 'e-2', 'e-3', 's-1', 's-bad']

    it("no arguments: knife's NAME<TAB>AVAILABILITY for every node the server reports", async () => {
      const result = await e.run(['node', 'status'])
      assertExit(result, 0)
      const lines = result.stdout.replace(/\n$/, '').split('\n')
      assert.deepEqual([...lines].sort(), online.map((n) => `${n}\tavailable`))
      assert.equal(result.stderr, '')
    })

    it('named nodes, including an offline one', async () => {
      const result = await e.run(['node', 'status', 'e-1', 'down-1'])
      assertExit(result, 0)
      assert.deepEqual(result.stdout.replace(/\n$/, '').split('\n').sort(), ['down-1\tunavailable', 'e-1\tavailable'])
    })

    it('--search', async () => {
      const result = await e.run(['node', 'status', '--search', 'name:e-*'])
      assertExit(result, 0)
      assert.deepEqual(result.stdout.replace(/\n$/, '').split('\n').sort(), ['e-1\tavailable', 'e-2\tavailable', 'e-3\tavailable'])
    })

    it('--json: [{node_name, status, availability}]', async () => {
      const result = await e.run(['node', 'status', 'e-1', 'down-1', '--json'])
      assertExit(result, 0)
      const rows: any[] = JSON.parse(result.stdout)
      assert.deepEqual(
        rows.sort((a, b) => a.node_name.localeCompare(b.node_name)),
        [
          {node_name: 'down-1', status: 'offline', availability: 'unavailable'},
          {node_name: 'e-1', status: 'online', availability: 'available'},
        ],
      )
    })

    it('-F table shows status and availability', async () => {
      const result = await e.run(['node', 'status', 'e-1', 'down-1', '-F', 'table'])
      assertExit(result, 0)
      const row = (n: string) => result.stdout.split('\n').find((l) => l.includes(n)) ?? ''
      assert.match(row('down-1'), /offline.*unavailable/)
      assert.match(row('e-1'), /online.*available/)
      assert.match(result.stdout, /availability/)
    })
  })
})

describe('e2e: job feed', () => {
  let e: E2e
  before(async () => {
    e = await e2eServer({fleet: fleetOf(fleetNode('n-1'), fleetNode('n-2'))})
  })
  after(async () => {
    await e.close()
  })

  const orgFeedRequests = () => e.ts.requests.filter((r) => /\/pushy\/job_status_feed$/.test(r.url.split('?')[0]))

  async function runJobAndWait(): Promise<string> {
    const {id} = await startJob(e.ts, {command: 'chef-client', nodes: ['n-1', 'n-2'], quorum: 2})
    await waitForJobStatus(e.ts, id)
    return id
  }

  it('lines until Ctrl-C; reconnects after a dropped connection (said on stderr); each event once', async () => {
    const cli = spawnCli(['job', 'feed'], {home: e.home})
    await cli.waitFor('stderr', /Following/)
    // the server reports a feed request once the stream is open and subscribed (handler.ts), so
    // a job started after this is relayed to the CLI
    await pollUntil('the CLI to open the org feed', () => (orgFeedRequests().length > 0 ? true : undefined))
    const first = await runJobAndWait()
    await cli.waitFor('stdout', new RegExp(`job_complete.*${first}|${first}.*job_complete`))
    e.ts.server.dropFeedConnections()
    await cli.waitFor('stderr', /reconnect/i)
    const second = await runJobAndWait()
    await cli.waitFor('stdout', new RegExp(`job_complete.*${second}|${second}.*job_complete`))
    cli.interrupt()
    const result = await cli.done
    assertExit(result, 130)
    const lines = result.stdout.replace(/\n$/, '').split('\n')
    for (const id of [first, second]) {
      const mine = lines.filter((l) => l.includes(id))
      assert.equal(mine.filter((l) => /\bstart\b/.test(l)).length, 1, `one start line for ${id}:\n${result.stdout}`)
      assert.equal(mine.filter((l) => /\bjob_complete\b/.test(l)).length, 1, `one job_complete line for ${id}:\n${result.stdout}`)
      const start = mine.find((l) => /\bstart\b/.test(l)) ?? ''
      assert.match(start, /chef-client/)
      assert.match(start, /2 nodes/)
      assert.match(start, new RegExp(e.ts.userName))
      assert.match(mine.find((l) => /job_complete/.test(l)) ?? '', /complete$/)
    }
    assert.ok(orgFeedRequests().length >= 2, 'the feed was requested again after the drop')
  })

  it('--json: NDJSON, one object per line with event and id first', async () => {
    // counted before the CLI starts: the server may record its feed request before the test has
    // read "Following" from stderr, and a count taken after that would wait for a second request
    const before = orgFeedRequests().length
    const cli = spawnCli(['job', 'feed', '--json'], {home: e.home})
    await cli.waitFor('stderr', /Following/)
    await pollUntil('the CLI to open the org feed', () => (orgFeedRequests().length > before ? true : undefined))
    const id = await runJobAndWait()
    await cli.waitFor('stdout', new RegExp(`"job_complete".*${id}|${id}.*"job_complete"`))
    cli.interrupt()
    const result = await cli.done
    assertExit(result, 130)
    const objects = result.stdout.replace(/\n$/, '').split('\n').map((line) => JSON.parse(line))
    for (const o of objects) {
      assert.equal(typeof o.event, 'string')
      assert.equal(typeof o.id, 'string')
      assert.deepEqual(Object.keys(o).slice(0, 2), ['event', 'id'])
    }
    const mine = objects.filter((o) => o.job === id)
    assert.deepEqual(mine.map((o) => o.event), ['start', 'job_complete'])
    assert.equal(mine[0].command, 'chef-client')
    assert.equal(mine[0].node_count, 2)
    assert.equal(mine[1].status, 'complete')
  })
})
