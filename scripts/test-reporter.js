// A compact reporter for node's test runner (`--test-reporter`; scripts/run-tests.js uses it).
// A dot per test while the suite runs, then every failure in full (test name, file and line,
// the assertion error with its diff, and what the failing file printed), then one last line
// `N passed, N failed` (`, N skipped` when some were) that CI reads. The exit code stays
// node's own: the reporter only formats.
import {readFileSync} from 'node:fs'
import {relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const color = process.stdout.isTTY && !process.env.NO_COLOR
const paint = (code, text) => (color ? `\u001B[${code}m${text}\u001B[0m` : text)
const red = (text) => paint(31, text)
const dim = (text) => paint(2, text)

/**
 * The node's test runner reports a whole test file as a test named after it: by its absolute path
 * (Node 20) or its path from the working directory (Node 22).
 */
const isFileLevel = (data) => data.nesting === 0 && data.file !== undefined && (data.name === data.file || resolve(data.name) === data.file)

/** A suite, or the wrapper reported for a whole test file: not a test of its own. */
const isGroup = (data) => data.details?.type === 'suite' || isFileLevel(data)

/** The error worth showing: the test's own (the assertion, with its diff), not the runner's wrapper. */
function errorText(error) {
  const cause = error?.cause
  const shown = cause instanceof Error ? cause : error
  // the runner's own wrapper (a cancelled test, a timeout) needs no stack or error code
  const text = shown === error ? String(error?.message ?? error) : (shown.stack ?? String(shown.message))
  const lines = text.split('\n').filter((line) => !/^\s+at .*(node:internal|node:async_hooks|node_modules)/.test(line))
  if (typeof cause === 'string' && cause && !text.includes(cause)) lines.push(cause)
  return lines.join('\n')
}

/**
 * The test file, and the line of its first frame in the error's stack. Node 20 computes a test's
 * own line from the transpiled TypeScript, so it is wrong for test/*.ts; the stack is source-mapped.
 */
function whereIn(file = '?', text = '') {
  const path = relative(process.cwd(), file)
  const escaped = file.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const frame = new RegExp(`(?:file://)?${escaped}:(\\d+:\\d+)`).exec(text)
  return frame ? `${path}:${frame[1]}` : path
}

const fileEnding = (error) =>
  `the test process ${error?.signal ? `was killed by ${error.signal}` : `exited with code ${error?.exitCode ?? '?'}`}; its output, if any, is below`

/** A process of several test files (scripts/run-tests.js): its tests report their own files. */
const isGroupFile = (file) => /[\\/]groups[\\/]group-\d+\.test\.mjs$/.test(file)

/** The test files a group imports. */
const membersOf = (group) => [...readFileSync(group, 'utf8').matchAll(/await import\("([^"]+)"\)/gm)].map((match) => fileURLToPath(match[1]))

const indent = (text, by = '    ') => text.replace(/\s+$/, '').replaceAll(/^/gm, by)

export default async function* compactReporter(source) {
  const started = Date.now()
  const counts = {passed: 0, failed: 0, skipped: 0}
  const failures = []
  const namesByFile = new Map()
  const outputByFile = new Map()
  const filesThatFailed = new Set()
  const files = new Set()
  const notes = []
  let column = 0

  const mark = (char) => {
    column = (column + 1) % 80
    return column === 0 ? `${char}\n` : char
  }

  // A grouped file with top-level hooks runs inside a describe() of its group file (run-tests.js):
  // the names above its own tests come from the group's.
  let groupOfMember
  const groupOf = (file) => {
    groupOfMember ??= new Map([...files].filter(isGroupFile).flatMap((group) => membersOf(group).map((member) => [member, group])))
    return groupOfMember.get(file)
  }
  const titleOf = (data) => {
    const own = namesByFile.get(data.file) ?? []
    const outer = namesByFile.get(groupOf(data.file)) ?? []
    return [...Array.from({length: data.nesting}, (_, level) => own[level] ?? outer[level]), data.name].join(' › ')
  }

  for await (const {type, data} of source) {
    // Node 22 names the file of a test's output from the working directory, Node 20 in full
    if (data?.file) {
      data.file = resolve(data.file)
      files.add(data.file)
    }
    if (type === 'test:start') {
      const names = namesByFile.get(data.file) ?? []
      names[data.nesting] = data.name
      namesByFile.set(data.file, names)
    } else if (type === 'test:stdout' || type === 'test:stderr') {
      outputByFile.set(data.file, (outputByFile.get(data.file) ?? '') + data.message)
    } else if (type === 'test:diagnostic' && !/^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) [\d.]+$/.test(data.message)) {
      // e.g. "generated asynchronous activity after the test ended": worth a look, not a failure
      notes.push(data.message)
    } else if (type === 'test:complete' && isFileLevel(data) && data.details?.passed === false) {
      filesThatFailed.add(data.file)
    } else if (type === 'test:pass' && !isGroup(data)) {
      if (data.skip || data.todo) {
        counts.skipped++
        yield mark('s')
      } else {
        counts.passed++
        yield mark('.')
      }
    } else if (type === 'test:fail') {
      const error = data.details?.error
      // a suite whose only fault is a failing test: that test is reported already
      if (isGroup(data) && error?.failureType === 'subtestsFailed') continue
      if (data.todo) {
        counts.skipped++
        yield mark('s')
        continue
      }

      counts.failed++
      const fileLevel = isFileLevel(data)
      const title = fileLevel ? 'the test file itself (it did not load, or crashed)' : error?.failureType === 'hookFailed' ? `${titleOf(data)}: ${error.message}` : titleOf(data)
      const text = fileLevel ? fileEnding(error) : errorText(error)
      failures.push({title, file: data.file, where: whereIn(data.file, text), text})
      yield mark(red('F'))
    }
  }

  // A file can die (an uncaught error after its tests, a crash) with no failing test to show for it.
  for (const file of filesThatFailed) {
    const testFiles = isGroupFile(file) ? [file, ...membersOf(file)] : [file]
    if (failures.some((failure) => testFiles.includes(failure.file))) continue
    counts.failed++
    failures.push({title: 'the test file itself (it failed after its tests, or crashed)', file, where: relative(process.cwd(), file), text: 'see its output below'})
  }

  let report = column === 0 ? '\n' : '\n\n'
  failures.forEach((failure, index) => {
    report += `${red(`${index + 1}) ${failure.title}`)}\n    ${dim(failure.where)}\n${indent(failure.text)}\n\n`
  })
  // what a grouped file printed is its group's output
  groupOfMember = undefined
  for (const file of new Set(failures.map((failure) => groupOf(failure.file) ?? failure.file))) {
    const output = outputByFile.get(file)
    if (output?.trim()) report += `Output of ${relative(process.cwd(), file)}:\n${indent(output, '  | ')}\n\n`
  }

  for (const note of notes) report += `${dim('note:')} ${note}\n`
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const testFiles = [...files].filter((file) => !isGroupFile(file)).length
  report += dim(`${testFiles} test files in ${seconds} s`) + '\n'
  report += `${counts.passed} passed, ${counts.failed} failed${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}\n`
  yield report
}
