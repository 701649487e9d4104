import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {renderSummary} from '../../../src/lib/render/summary.js'

const plain = (data: unknown): string => renderSummary(data, {color: false})
const CYAN = '\u001B[36m'
const OFF = '\u001B[39m'

describe('renderSummary: knife ui_spec examples', () => {
  const cases: Array<[string, unknown, string]> = [
    ['two scalars', {hi: 'a', lo: 'b'}, 'hi: a\nlo: b\n'],
    ['one-element array inline', {a: ['foo'], b: 'c'}, 'a: foo\nb: c\n'],
    ['array indented', {a: ['foo', 'bar'], b: 'c'}, 'a:\n  foo\n  bar\nb: c\n'],
    ['nested hash', {a: {aa: 'bb', cc: 'dd'}, b: 'c'}, 'a:\n  aa: bb\n  cc: dd\nb: c\n'],
    ['empty array', {a: [], b: 'c'}, 'a:\nb: c\n'],
    ['empty hash', {a: {}, b: 'c'}, 'a:\nb: c\n'],
    ['array of hashes', [{a: 'b', c: 'd'}, {x: 'y'}], 'a: b\nc: d\n\nx: y\n'],
    ['array of scalars', ['a', 'b'], 'a\nb\n'],
    ['array of arrays', [['a', 'b'], ['c'], [], ['d', 'e']], 'a\nb\n\nc\n\n\nd\ne\n'],
    ['nested arrays in a hash', {a: [['foo', 'bar'], ['baz', 'bjork']], b: 'c'}, 'a:\n  foo\n  bar\n  \n  baz\n  bjork\nb: c\n'],
  ]
  for (const [name, data, expected] of cases) it(name, () => assert.equal(plain(data), expected))
})

describe('renderSummary: knife-push transcripts', () => {
  it('the derived finished job with capture on (width 15)', () => {
    const job = {
      nodes: {succeeded: ['web1', 'web2'], failed: ['web3']},
      id: 'a2b87f87052d213c0703eadb21bdf20e',
      command: 'chef-client',
      status: 'complete',
      run_timeout: 3600,
      created_at: 'Thu, 21 May 2020 13:14:32 GMT',
      updated_at: 'Thu, 21 May 2020 13:14:40 GMT',
      env: {},
      capture_output: true,
    }
    assert.equal(
      plain(job),
      [
        'capture_output: true',
        'command:        chef-client',
        'created_at:     Thu, 21 May 2020 13:14:32 GMT',
        'env:',
        'id:             a2b87f87052d213c0703eadb21bdf20e',
        'nodes:',
        '  failed:    web3',
        '  succeeded:',
        '    web1',
        '    web2',
        'run_timeout:    3600',
        'status:         complete',
        'updated_at:     Thu, 21 May 2020 13:14:40 GMT',
        '',
      ].join('\n'),
    )
  })

  it('the quorum_failed transcript (chef-workstation#1214)', () => {
    const job = {
      nodes: {nacked: ['node-push-job']},
      id: 'a2b87f87052d213c0703eadb21bdf20e',
      command: 'chef-client -r recipe[git]',
      status: 'quorum_failed',
      run_timeout: 3600,
      created_at: 'Thu, 21 May 2020 13:14:32 GMT',
      updated_at: 'Thu, 21 May 2020 13:14:32 GMT',
      env: {},
    }
    assert.equal(
      plain(job),
      'command:     chef-client -r recipe[git]\ncreated_at:  Thu, 21 May 2020 13:14:32 GMT\nenv:\nid:          a2b87f87052d213c0703eadb21bdf20e\nnodes:\n  nacked: node-push-job\nrun_timeout: 3600\nstatus:      quorum_failed\nupdated_at:  Thu, 21 May 2020 13:14:32 GMT\n',
    )
  })

  it("the README's job start example", () => {
    const job = {
      nodes: {succeeded: ['1-tomcat-intro', '1-tomcat2-intro']},
      id: '6e0b432e369904e76de6e95bac99c9e6',
      command: 'tomcat6_restart',
      status: 'complete',
      run_timeout: 3600,
      created_at: 'Fri, 06 Dec 2013 21:05:32 GMT',
      updated_at: 'Fri, 06 Dec 2013 21:05:40 GMT',
    }
    assert.equal(
      plain(job),
      'command:     tomcat6_restart\ncreated_at:  Fri, 06 Dec 2013 21:05:32 GMT\nid:          6e0b432e369904e76de6e95bac99c9e6\nnodes:\n  succeeded:\n    1-tomcat-intro\n    1-tomcat2-intro\nrun_timeout: 3600\nstatus:      complete\nupdated_at:  Fri, 06 Dec 2013 21:05:40 GMT\n',
    )
  })

  it('the job list sample: jobs separated by one blank line', () => {
    const jobs = [
      {id: 'a2b87f87052d213c0703eadb21bdf20e', command: 'chef-client -r recipe[git]', status: 'quorum_failed', run_timeout: 3600, created_at: 'Thu, 21 May 2020 13:14:32 GMT', updated_at: 'Thu, 21 May 2020 13:14:32 GMT', env: {}},
      {id: 'b2b87f87052d213c0703eadb21bdf20e', command: 'my_script.sh', status: 'complete', run_timeout: 3600, created_at: 'Thu, 21 May 2020 13:15:00 GMT', updated_at: 'Thu, 21 May 2020 13:15:09 GMT'},
    ]
    assert.equal(
      plain(jobs),
      [
        'command:     chef-client -r recipe[git]',
        'created_at:  Thu, 21 May 2020 13:14:32 GMT',
        'env:',
        'id:          a2b87f87052d213c0703eadb21bdf20e',
        'run_timeout: 3600',
        'status:      quorum_failed',
        'updated_at:  Thu, 21 May 2020 13:14:32 GMT',
        '',
        'command:     my_script.sh',
        'created_at:  Thu, 21 May 2020 13:15:00 GMT',
        'id:          b2b87f87052d213c0703eadb21bdf20e',
        'run_timeout: 3600',
        'status:      complete',
        'updated_at:  Thu, 21 May 2020 13:15:09 GMT',
        '',
      ].join('\n'),
    )
  })

  it('an empty job list prints one newline', () => assert.equal(plain([]), '\n'))
  it('an empty hash prints one newline', () => assert.equal(plain({}), '\n'))
})

describe('renderSummary: scalars and edge cases', () => {
  it('a top-level scalar', () => {
    assert.equal(plain('hello'), 'hello\n')
    assert.equal(plain(42), '42\n')
  })
  it('nil prints as empty, leaving the padding', () => assert.equal(plain({a: null, bbb: 'x'}), 'a:   \nbbb: x\n'))
  it('booleans and numbers use to_s', () => assert.equal(plain({t: true, f: false, n: 1.5}), 'f: false\nn: 1.5\nt: true\n'))
  it('one-element array of a hash is not inlined', () => assert.equal(plain({a: [{b: 'c'}]}), 'a:\n  b: c\n'))
  it('sorts keys bytewise (uppercase before lowercase, _ between)', () => assert.equal(plain({b: 1, B: 2, _a: 3, a: 4}), 'B:  2\n_a: 3\na:  4\nb:  1\n'))
  it('pads by characters, not bytes', () => assert.equal(plain({'é': 1, ab: 2}), 'ab: 2\né:  1\n'))
  it('sorts astral characters after BMP ones, as bytes do', () => assert.equal(plain({'\u{1F600}': 1, '\uFF21': 2}), '\uFF21: 2\n\u{1F600}: 1\n'))
  it('array of hashes nested under a key gets an indented blank line', () => assert.equal(plain({a: [{x: 1}, {y: 2}]}), 'a:\n  x: 1\n  \n  y: 2\n'))
})

describe('renderSummary: colour', () => {
  it('keys with their padding are cyan only when color is on', () => {
    assert.equal(renderSummary({hi: 'a', long: 'b'}, {color: true}), `${CYAN}hi:  ${OFF} a\n${CYAN}long:${OFF} b\n`)
    assert.equal(renderSummary({a: ['x', 'y']}, {color: true}), `${CYAN}a:${OFF}\n  x\n  y\n`)
  })
  it('node status keys and status values take their status colour', () => {
    const out = renderSummary({nodes: {failed: ['a'], succeeded: ['b', 'c'], nacked: ['d']}, status: 'complete'}, {color: true})
    assert.match(out, /\u001B\[31mfailed:   \u001B\[39m a/)
    assert.match(out, /\u001B\[32msucceeded:\u001B\[39m\n/)
    assert.match(out, /\u001B\[33mnacked:   \u001B\[39m d/)
    assert.match(out, /\u001B\[36mstatus:\u001B\[39m \u001B\[32mcomplete\u001B\[39m/)
  })
  it('no escape codes at all when color is off', () => {
    const out = plain({nodes: {failed: ['a']}, status: 'failed'})
    assert.equal(out.includes('\u001B'), false)
  })
})
