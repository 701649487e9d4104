// scripts/test-reporter.js as CI and people read it: node's runner on small test files written
// here, a passing, a failing and a crashing one, with the reporter's output checked line by line.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {fileURLToPath, pathToFileURL} from 'node:url'

const REPORTER = fileURLToPath(new URL('../../scripts/test-reporter.js', import.meta.url))

const dir = mkdtempSync(join(tmpdir(), 'pushy-reporter-'))
const FILES: Record<string, string> = {
  'pass.test.mjs': `import {it} from 'node:test'
it('one', () => {})
it('two', () => {})
it('later', {skip: 'a skipped test, for the reporter to count'}, () => {})
`,
  'fail.test.mjs': `import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
describe('numbers', () => {
  it('adds up', () => {
    assert.deepEqual({sum: 4, terms: [2, 2]}, {sum: 5, terms: [2, 3]})
  })
  it('still counts', () => {})
})
`,
  'crash.test.mjs': `import {it} from 'node:test'
it('before the crash', () => {})
setTimeout(() => { console.error('boom: the file gave up'); process.exit(3) }, 50)
`,
}
for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text)
// a group as scripts/run-tests.js writes one: two test files in one process
mkdirSync(join(dir, 'groups'))
writeFileSync(join(dir, 'loud-fail.test.mjs'), FILES['fail.test.mjs']!.replace("it('adds up', () => {", "it('adds up', () => {\n    console.log('said by the failing file')"))
const GROUP = join('groups', 'group-1.test.mjs')
writeFileSync(join(dir, GROUP), ['pass.test.mjs', 'loud-fail.test.mjs'].map((file) => `await import(${JSON.stringify(pathToFileURL(join(dir, file)).href)})`).join('\n') + '\n')

// and one with a file whose hooks are at its top level, which run-tests.js wraps in a describe()
writeFileSync(
  join(dir, 'hooks.test.mjs'),
  `import assert from 'node:assert/strict'
import {beforeEach, it} from 'node:test'
let runs = 0
beforeEach(() => { runs++ })
it('sees its own hook', () => assert.equal(runs, 1))
it('fails on purpose', () => assert.equal(runs, 0))
`,
)
const HOOK_GROUP = join('groups', 'group-2.test.mjs')
writeFileSync(
  join(dir, HOOK_GROUP),
  `import {describe} from 'node:test'\n${`await import(${JSON.stringify(pathToFileURL(join(dir, 'pass.test.mjs')).href)})`}\ndescribe("hooks.test.mjs", async () => { await import(${JSON.stringify(pathToFileURL(join(dir, 'hooks.test.mjs')).href)}) })\n`,
)

function runTests(files: string[]) {
  // without NODE_TEST_CONTEXT, which would make the inner runner report to this one instead
  const env = {...process.env, NO_COLOR: '1', NODE_TEST_CONTEXT: undefined}
  const result = spawnSync(process.execPath, ['--test', `--test-reporter=${REPORTER}`, ...files], {cwd: dir, encoding: 'utf8', env})
  return {code: result.status, stdout: result.stdout, lines: result.stdout.replace(/\n$/, '').split('\n')}
}

describe('the compact test reporter', () => {
  it('all passing: dots, then `N passed, 0 failed, N skipped` as the last line, exit 0', () => {
    const {code, lines} = runTests(['pass.test.mjs'])
    assert.equal(code, 0)
    assert.equal(lines[0], '..s')
    assert.equal(lines.at(-1), '2 passed, 0 failed, 1 skipped')
  })

  it('a failure in full: its name, file and line, the assertion with its diff; exit code not 0', () => {
    const {code, stdout, lines} = runTests(['pass.test.mjs', 'fail.test.mjs'])
    assert.equal(code, 1)
    assert.equal(lines.at(-1), '3 passed, 1 failed, 1 skipped')
    assert.match(lines[0], /^[.sF]{5}$/)
    const failure = stdout.slice(stdout.indexOf('1) '))
    assert.match(failure, /^1\) numbers › adds up\n {4}fail\.test\.mjs:5:\d+\n {4}AssertionError \[ERR_ASSERTION\]: Expected values to be strictly deep-equal:/)
    assert.match(failure, /^ {4}\+ actual - expected$/m)
    assert.match(failure, /^ {4}\+ {3}sum: 4,$/m)
    assert.match(failure, /^ {4}- {3}sum: 5,$/m)
  })

  it('a file that crashes counts as a failure, with what it printed', () => {
    const {code, stdout, lines} = runTests(['crash.test.mjs'])
    assert.notEqual(code, 0)
    assert.equal(lines.at(-1), '1 passed, 1 failed')
    assert.match(stdout, /1\) the test file itself .*\n {4}crash\.test\.mjs\n {4}the test process exited with code 3/)
    assert.match(stdout, /Output of crash\.test\.mjs:\n {2}\| boom: the file gave up/)
  })

  it('a group of files in one process: each failure once, under its own file, with the output', () => {
    const {code, stdout, lines} = runTests([GROUP])
    assert.equal(code, 1)
    assert.equal(lines.at(-1), '3 passed, 1 failed, 1 skipped')
    assert.equal(lines.at(-2), `2 test files in ${/([\d.]+) s$/.exec(lines.at(-2) ?? '')?.[1]} s`)
    assert.match(stdout, /^1\) numbers › adds up\n {4}loud-fail\.test\.mjs:6:\d+\n/m)
    assert.doesNotMatch(stdout, /^2\) /m, 'the group process failing is not a second failure')
    assert.match(stdout, /Output of groups\/group-1\.test\.mjs:\n {2}\| said by the failing file/)
  })

  it('a grouped file with top-level hooks, wrapped in a describe: its hooks stay with its tests, its failure under its name', () => {
    const {code, stdout, lines} = runTests([HOOK_GROUP])
    assert.equal(code, 1)
    // pass.test.mjs's two passing tests did not run hooks.test.mjs's beforeEach (else `sees its own hook` would fail)
    assert.equal(lines.at(-1), '3 passed, 1 failed, 1 skipped')
    assert.match(stdout, /^1\) hooks\.test\.mjs › fails on purpose\n {4}hooks\.test\.mjs:6:\d+\n/m)
    assert.doesNotMatch(stdout, /^2\) /m)
  })
})
