import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {PushyError} from '../../../src/lib/errors.js'
import {buildJobRequest, jobOptions, parseTimeout, validateCommand} from '../../../src/lib/job/request.js'
import {buildEnv, parseEnvPair, parseWithEnv} from '../../../src/lib/job/env.js'
import {encodeJobFile, MAX_FILE_BYTES} from '../../../src/lib/job/file.js'
import {validateNodeName} from '../../../src/lib/job/names.js'
import {mergeTargets, requireTargets} from '../../../src/lib/job/targets.js'

const usage = (pattern: RegExp) => (error: unknown) => error instanceof PushyError && error.exitCode === ExitCode.Usage && pattern.test(error.message)

/** The options as typed on the command line, parsed the way the flags parse them. */
interface Typed {
  command: string
  nodes: string[]
  quorum: number
  timeout?: string
  capture?: boolean
  withEnv?: string
  envPairs?: string[]
  dir?: string
  user?: string
  file?: {path: string; bytes: Uint8Array}
}
const base: Typed = {command: 'chef-client', nodes: ['web-01', 'web-02'], quorum: 2}
const build = ({nodes, quorum, timeout, withEnv, envPairs, ...rest}: Typed) =>
  buildJobRequest(
    jobOptions({
      ...rest,
      timeout: timeout === undefined ? undefined : parseTimeout(timeout),
      env: buildEnv(withEnv === undefined ? undefined : parseWithEnv(withEnv), (envPairs ?? []).map((pair) => parseEnvPair(pair))),
    }),
    nodes,
    quorum,
  )

describe('buildJobRequest', () => {
  it('a plain job has only command, nodes and quorum (1.x servers accept it)', () => {
    const body = build(base)
    assert.deepEqual(body, {command: 'chef-client', nodes: ['web-01', 'web-02'], quorum: 2})
    assert.deepEqual(Object.keys(body), ['command', 'nodes', 'quorum'])
  })

  it('adds each option only when given, in a stable key order', () => {
    const body = build({
      ...base,
      timeout: '300',
      capture: true,
      withEnv: '{"A":"1","B":"2"}',
      envPairs: ['B=3', 'C=x=y'],
      dir: '/tmp',
      user: 'daemon',
      file: {path: 'script.sh', bytes: Buffer.from('#!/bin/sh\necho hi\n')},
    })
    assert.deepEqual(body, {
      command: 'chef-client',
      nodes: ['web-01', 'web-02'],
      quorum: 2,
      run_timeout: 300,
      capture_output: true,
      env: {A: '1', B: '3', C: 'x=y'},
      dir: '/tmp',
      user: 'daemon',
      file: 'raw:#!/bin/sh\necho hi\n',
    })
  })

  it('--capture off is left out, not sent as false', () => assert.equal('capture_output' in build({...base, capture: false}), false))
  it('an empty --with-env object is sent as given', () => assert.deepEqual(build({...base, withEnv: '{}'}).env, {}))
  it('accepts a unicode command', () => assert.equal(build({...base, command: 'déployer ✓ 部署'}).command, 'déployer ✓ 部署'))
  it('refuses an empty command', () => assert.throws(() => build({...base, command: '  '}), usage(/command is empty/)))
  it('refuses control characters in the command', () => {
    assert.throws(() => validateCommand('chef-client\nrm -rf /'), usage(/control character \(U\+000A\)/))
    assert.throws(() => validateCommand('a\u001Bb'), usage(/U\+001B/))
  })
  it('refuses no nodes', () => assert.throws(() => build({...base, nodes: []}), usage(/no nodes/)))
  it('refuses a bad node name', () => assert.throws(() => build({...base, nodes: ['web 01']}), usage(/invalid node name 'web 01': " " is not allowed/)))
  it('refuses an empty --in-dir / --as-user', () => {
    assert.throws(() => build({...base, dir: ''}), usage(/--in-dir is empty/))
    assert.throws(() => build({...base, user: ' '}), usage(/--as-user is empty/))
  })
})

describe('parseTimeout', () => {
  it('takes positive whole seconds', () => {
    assert.equal(parseTimeout('300'), 300)
    assert.equal(parseTimeout(60), 60)
    assert.equal(parseTimeout(' 5 '), 5)
  })
  for (const bad of ['x', '0', '-1', '1.5', '', '1e3', '99999999999999999999', 0, -5, 2.5]) {
    it(`refuses --timeout ${JSON.stringify(bad)}`, () => assert.throws(() => parseTimeout(bad), usage(/--timeout must be a positive whole number of seconds/)))
  }
})

describe('--with-env and -e', () => {
  it('parses an object of strings', () => assert.deepEqual(parseWithEnv('{"test":"foo","EMPTY":""}'), {test: 'foo', EMPTY: ''}))
  it('not JSON', () => assert.throws(() => parseWithEnv('{test:foo}'), usage(/--with-env is not valid JSON/)))
  it('not an object', () => {
    assert.throws(() => parseWithEnv('["a"]'), usage(/must be a JSON object of strings, not an array/))
    assert.throws(() => parseWithEnv('"a"'), usage(/not a string/))
    assert.throws(() => parseWithEnv('null'), usage(/not null/))
    assert.throws(() => parseWithEnv('3'), usage(/not a number/))
  })
  it('a value that is not a string', () => {
    assert.throws(() => parseWithEnv('{"PORT":8080}'), usage(/the value of PORT is a number; environment values must be strings/))
    assert.throws(() => parseWithEnv('{"X":{"a":1}}'), usage(/the value of X is an object/))
    assert.throws(() => parseWithEnv('{"X":null}'), usage(/the value of X is null/))
  })
  it('an empty or impossible key', () => {
    assert.throws(() => parseWithEnv('{"":"x"}'), usage(/name cannot be empty/))
    assert.throws(() => parseWithEnv('{"A=B":"x"}'), usage(/cannot contain '='/))
  })
  it('-e KEY=VALUE splits at the first =', () => {
    assert.deepEqual(parseEnvPair('A=b=c'), {name: 'A', value: 'b=c'})
    assert.deepEqual(parseEnvPair('EMPTY='), {name: 'EMPTY', value: ''})
  })
  it('-e errors', () => {
    assert.throws(() => parseEnvPair('=x'), usage(/-e =x: the variable name before '=' is missing/))
    assert.throws(() => parseEnvPair('KEY'), usage(/-e KEY: expected KEY=VALUE/))
    assert.throws(() => parseEnvPair('1A=x'), usage(/invalid variable name '1A'/))
    assert.throws(() => parseEnvPair('A B=x'), usage(/invalid variable name 'A B'/))
    assert.throws(() => parseEnvPair('A=\0'), usage(/NUL/))
  })
  it('-e is merged over --with-env; nothing given is undefined', () => {
    assert.deepEqual(buildEnv(parseWithEnv('{"A":"1","B":"2"}'), [parseEnvPair('A=9')]), {A: '9', B: '2'})
    assert.deepEqual(buildEnv(undefined, [parseEnvPair('A=1')]), {A: '1'})
    assert.equal(buildEnv(undefined, []), undefined)
  })
})

describe('--file', () => {
  it('UTF-8 text is sent raw', () => assert.equal(encodeJobFile({path: 'f', bytes: Buffer.from('héllo\n')}), 'raw:héllo\n'))
  it('an empty file is raw:', () => assert.equal(encodeJobFile({path: 'f', bytes: new Uint8Array()}), 'raw:'))
  it('a BOM is kept', () => assert.equal(encodeJobFile({path: 'f', bytes: Buffer.from([0xef, 0xbb, 0xbf, 0x61])}), 'raw:\uFEFFa'))
  it('binary (invalid UTF-8) is sent as base64', () => {
    const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0xff, 0x00, 0xc3])
    assert.equal(encodeJobFile({path: 'a.out', bytes}), `base64:${bytes.toString('base64')}`)
  })
  it('base64 uses only the view of a shared buffer', () => {
    const whole = Buffer.from([1, 2, 0xff, 0xfe, 3])
    assert.equal(encodeJobFile({path: 'f', bytes: whole.subarray(2, 4)}), 'base64://4=')
  })
  it('exactly 100,000 bytes is accepted', () => assert.match(encodeJobFile({path: 'f', bytes: Buffer.alloc(MAX_FILE_BYTES, 0x61)}), /^raw:a+$/))
  it('over 100,000 bytes is refused before anything is sent', () =>
    assert.throws(() => encodeJobFile({path: 'big.bin', bytes: Buffer.alloc(MAX_FILE_BYTES + 1)}), usage(/--file big.bin is 100,001 bytes; the server accepts at most 100,000/)))
})

describe('node names and targets', () => {
  it('accepts Chef names', () => {
    for (const name of ['web-01', 'ip-10-0-0-1.ec2.internal', 'a_b:c', 'X'.repeat(255)]) validateNodeName(name)
  })
  it('refuses a 1,000-character name, saying the limit', () =>
    assert.throws(() => validateNodeName('n'.repeat(1000)), usage(/is 1000 characters long; Chef allows at most 255/)))
  it('refuses other characters', () => {
    assert.throws(() => validateNodeName('web/01'), usage(/"\/" is not allowed/))
    assert.throws(() => validateNodeName('nœud'), usage(/"œ" is not allowed/))
    assert.throws(() => validateNodeName(''), usage(/empty node name/))
  })
  it('merges arguments then search results, without duplicates, order kept', () =>
    assert.deepEqual(mergeTargets(['c', 'a', 'c'], ['b', 'a', 'd']), ['c', 'a', 'b', 'd']))
  it('validates merged names', () => assert.throws(() => mergeTargets(['ok'], ['not ok']), usage(/invalid node name/)))
  it('refuses an empty result, saying why', () => {
    assert.throws(() => requireTargets([], undefined), usage(/no nodes were named/))
    assert.throws(() => requireTargets([], []), usage(/the search found no nodes/))
  })
})
