// The pure pieces of `job rerun`, `--nodes-from`, the failure tail and `job output --dir`.
import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import type {Job} from '../../../src/lib/api/types.js'
import {nodesToRerun, NOT_SUCCEEDED, rerunStartInput, type RerunInput} from '../../../src/lib/cli/job-rerun.js'
import {nodeFileName} from '../../../src/lib/cli/output-dir.js'
import {PushyError} from '../../../src/lib/errors.js'
import {lastLines, renderFailureTail} from '../../../src/lib/job/failure-tail.js'
import {parseQuorum} from '../../../src/lib/job/quorum.js'
import {parseNodeList} from '../../../src/lib/rollout/nodes-from.js'

const old: Job = {
  id: 'a'.repeat(32),
  command: 'chef-client',
  status: 'complete',
  run_timeout: 120,
  created_at: '',
  updated_at: '',
  user: 'deploy',
  dir: '/srv',
  env: {STAGE: 'one'},
  capture_output: true,
  file: 'raw:hello',
  nodes: {succeeded: ['a', 'b'], failed: ['d', 'c'], nacked: ['e'], unavailable: ['f']},
}
const flags: RerunInput = {job: {last: true}, quorum: parseQuorum('100%'), output: {format: 'summary', wide: false}, nowait: false, dryRun: false, strict: false, useFeed: true, pollIntervalMs: 1000, progress: 'plain'}

describe('job rerun', () => {
  it('picks the nodes in the states asked for, default every state but succeeded', () => {
    assert.deepEqual(nodesToRerun(old, NOT_SUCCEEDED), ['c', 'd', 'e', 'f'])
    assert.deepEqual(nodesToRerun(old, ['failed']), ['c', 'd'])
    assert.deepEqual(nodesToRerun(old, ['aborted']), [])
  })
  it('keeps the old options unless a flag says otherwise', () => {
    const input = rerunStartInput(old, ['c'], flags)
    assert.equal(input.command, 'chef-client')
    assert.deepEqual(input.named, ['c'])
    assert.equal(input.timeout, 120)
    assert.equal(input.capture, true)
    assert.deepEqual(input.withEnv, {STAGE: 'one'})
    assert.equal(input.dir, '/srv')
    assert.equal(input.user, 'deploy')
    assert.deepEqual(input.inherited, {file: 'raw:hello'})
    const over = rerunStartInput(old, ['c'], {...flags, timeout: 5, dir: '/tmp', user: 'root', withEnv: {X: '1'}, file: '/etc/hosts'})
    assert.equal(over.timeout, 5)
    assert.equal(over.dir, '/tmp')
    assert.equal(over.user, 'root')
    assert.deepEqual(over.withEnv, {X: '1'})
    assert.equal(over.inherited, undefined)
  })
})

describe('--nodes-from', () => {
  it('one name a line; blanks, comments and surrounding spaces ignored', () => {
    assert.deepEqual(parseNodeList('web-1\n\n  web-2  \r\n# all of db:\ndb-1 # primary\n', 'f'), ['web-1', 'web-2', 'db-1'])
  })
  it('a bad name is a usage error naming the line', () => {
    assert.throws(() => parseNodeList('ok\nnot ok\n', 'list.txt'), (e: unknown) => e instanceof PushyError && e.exitCode === 2 && /--nodes-from list\.txt, line 2/.test(e.message))
  })
})

describe('failure tail', () => {
  it('lastLines keeps the last N lines, not counting a final newline', () => {
    assert.deepEqual(lastLines('a\nb\nc\n', 2), ['b', 'c'])
    assert.deepEqual(lastLines('one', 20), ['one'])
  })
  it('stderr, else stdout, under the node name; then the command that shows the rest', () => {
    const text = renderFailureTail('ID', [{node: 'x', stderr: Buffer.from('boom\n'), stdout: Buffer.from('ignored\n')}, {node: 'y', stderr: Buffer.from(''), stdout: Buffer.from('said\n')}, {node: 'z'}], 7)
    assert.equal(
      text,
      [
        '--- x (last 1 line of stderr) ---',
        '    boom',
        '--- y (last 1 line of stdout) ---',
        '    said',
        '--- z: no captured output',
        '3 of 7 failed nodes shown. All their output: pushy job output ID --state failed --channel both',
        '',
      ].join('\n'),
    )
  })
})

describe('nodeFileName', () => {
  it('keeps plain names', () => {
    assert.equal(nodeFileName('web-01.example_com'), 'web-01.example_com')
  })
  it('percent-encodes dot-only names and anything not plain, % included', () => {
    assert.equal(nodeFileName('..'), '%2E%2E')
    assert.equal(nodeFileName('.'), '%2E')
    assert.equal(nodeFileName('a/b'), 'a%2Fb')
    assert.equal(nodeFileName('db:1'), 'db%3A1')
    assert.equal(nodeFileName('50%'), '50%25')
    assert.equal(nodeFileName('é'), '%C3%A9')
  })
})
