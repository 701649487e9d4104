// Against a Push Jobs 1.x server: a plain job works by polling (no feed there), and every 2.x-only
// option is refused with exit 2 naming it, after exactly one POST (never re-sent without it).
import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {fleetNode, fleetOf, makeTempDir, removeTempDir} from '../helpers/zero.js'
import {assertErrorLine, assertExit, e2eServer, escapeRe, expectedSummary, startedId, type E2e} from './support.js'

describe('e2e: a Push Jobs 1.x server', () => {
  let e: E2e
  const dir = makeTempDir('pushy-e2e-v1-')
  const jobFile = join(dir, 'job.txt')
  writeFileSync(jobFile, 'hello\n')
  before(async () => {
    e = await e2eServer({pushVersion: 1, fleet: fleetOf(fleetNode('n-a'), fleetNode('n-b'))})
  })
  after(async () => {
    await e.close()
    removeTempDir(dir)
  })

  const posts = () => e.ts.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/pushy/jobs')).length

  it('a plain job works by polling; -V says the feed was missing and it polled', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'n-b', 'n-a', '-V', '--poll-interval', '0.2'])
    assertExit(result, 0)
    const id = startedId(result.stderr)
    assert.equal(result.stdout, await expectedSummary(e.ts, id))
    assert.match(result.stdout, /^  succeeded:\n {4}n-a\n {4}n-b$/m)
    assert.match(result.stderr, /^Complete\.$/m)
    const feed = e.ts.requests.filter((r) => r.url.includes(`/job_status_feed/${id}`))
    assert.ok(feed.every((r) => r.status === 404), 'the 1.x server has no feed')
    assert.ok(e.ts.requests.filter((r) => r.method === 'GET' && r.url.endsWith(`/pushy/jobs/${id}`)).length >= 1, 'polled GET jobs/ID')
    assert.match(result.stderr, /(1\.x|no job feed|poll)/i)
    assert.match(result.stderr, /poll/i, 'with -V stderr says it fell back to polling')
  })

  it('a plain job without -V: the same result, no error', async () => {
    const result = await e.run(['job', 'start', 'chef-client', 'n-a', '--json', '--poll-interval', '0.2'])
    assertExit(result, 0)
    assert.equal(JSON.parse(result.stdout).status, 'complete')
    assert.ok(!/^Error: /m.test(result.stderr), result.stderr)
  })

  const refused: Array<[string, string[], string]> = [
    ['--capture', ['--capture'], '--capture'],
    ['--with-env', ['--with-env', '{"A":"1"}'], '--with-env'],
    ['-e', ['-e', 'A=1'], '-e'],
    ['--in-dir', ['--in-dir', '/tmp'], '--in-dir'],
    ['--as-user', ['--as-user', 'daemon'], '--as-user'],
    ['--file', ['--file', jobFile], '--file'],
  ]
  for (const [name, flags, named] of refused) {
    it(`${name}: exit 2 naming the option, and no second POST`, async () => {
      const before = posts()
      const result = await e.run(['job', 'start', 'chef-client', 'n-a', ...flags])
      assertExit(result, 2)
      assert.equal(result.stdout, '')
      assertErrorLine(result.stderr, new RegExp(`${escapeRe(named)}\\b`))
      assert.equal(posts() - before, 1, 'exactly one POST: the option is never dropped and the job never re-sent')
      assert.ok(!/Started\./.test(result.stderr), 'no job was started')
    })
  }
})
