import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {describe, it} from 'node:test'
import {renderJunit, type JunitJob} from '../../../src/lib/render/junit.js'
import {xmlAttribute, xmlText} from '../../../src/lib/render/xml.js'

const SCHEMA = fileURLToPath(new URL('../../fixtures/junit-10.xsd', import.meta.url))

/** Validates with xmllint (Debian's libxml2-utils); a missing xmllint fails the test, never skips it. */
function assertValid(xml: string): void {
  const run = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, '-'], {input: xml, encoding: 'utf8'})
  assert.ifError(run.error) // ENOENT: install libxml2-utils
  assert.equal(run.status, 0, `xmllint: ${run.stderr}\n${xml.slice(0, 2000)}`)
}

/** The text of every node matching an XPath, through xmllint (so escaping is read back as XML does). */
function xpath(xml: string, path: string): string {
  const run = spawnSync('xmllint', ['--xpath', path, '-'], {input: xml, encoding: 'utf8'})
  assert.ifError(run.error)
  assert.equal(run.status, 0, run.stderr)
  return run.stdout.replace(/\n$/, '') // xmllint ends what it prints with a newline
}

const job: JunitJob = {
  id: 'aaaaaaaaaaaa25fd67fa8715fd547d3d',
  command: 'chef-client',
  status: 'complete',
  run_timeout: 3600,
  created_at: 'Tue, 04 Sep 2012 23:01:02 GMT',
  updated_at: 'Tue, 04 Sep 2012 23:01:14 GMT',
  nodes: {
    succeeded: ['web-2', 'web-1'],
    failed: ['db-1'],
    crashed: ['c-1'],
    timed_out: ['t-1'],
    aborted: ['a-1'],
    nacked: ['n-1'],
    unavailable: ['u-1'],
    was_ready: ['w-1'],
  },
}

const caseOf = (xml: string, node: string): string => {
  const match = new RegExp(`<testcase classname="chef-client" name="${node}"[^]*?(?:/>|</testcase>)`).exec(xml)
  assert.ok(match, `no testcase for ${node}`)
  return match[0]
}

describe('renderJunit', () => {
  it('one suite per job, one case per node by name, each state to its element; valid', () => {
    const xml = renderJunit([job], {strict: false})
    assertValid(xml)
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="pushy" tests="9" failures="1" errors="3" time="12.000">/)
    assert.match(xml, /<testsuite name="pushy chef-client" tests="9" failures="1" errors="3" skipped="3" time="12.000" timestamp="2012-09-04T23:01:02Z" id="aaaaaaaaaaaa25fd67fa8715fd547d3d">/)
    assert.equal(caseOf(xml, 'web-1'), '<testcase classname="chef-client" name="web-1"/>')
    assert.match(caseOf(xml, 'db-1'), /<failure type="failed" message="[^"]+"\/>/)
    for (const node of ['c-1', 't-1', 'a-1']) assert.match(caseOf(xml, node), /<error type="(crashed|timed_out|aborted)"/)
    for (const node of ['n-1', 'u-1', 'w-1']) assert.match(caseOf(xml, node), /<skipped type="(nacked|unavailable|was_ready)"/)
    const names = [...xml.matchAll(/<testcase classname="chef-client" name="([^"]+)"/g)].map((m) => m[1])
    assert.deepEqual(names, [...names].sort())
    assert.match(xml, /<property name="status" value="complete"\/>/)
  })

  it('strict: nodes that did not run are failures', () => {
    const xml = renderJunit([job], {strict: true})
    assertValid(xml)
    for (const node of ['n-1', 'u-1', 'w-1']) assert.match(caseOf(xml, node), /<failure type=/)
    assert.match(xml, /<testsuite name="pushy chef-client" tests="9" failures="4" errors="3" skipped="0"/)
  })

  it('a rollout: one suite per batch in <testsuites>, and the nodes never reached', () => {
    const second: JunitJob = {...job, id: 'b'.repeat(32), status: 'quorum_failed', nodes: {was_ready: ['x-1'], nacked: ['x-2']}}
    const xml = renderJunit([job, second], {strict: false, notStarted: ['z-2', 'z-1']})
    assertValid(xml)
    assert.equal(xml.match(/<testsuite /g)?.length, 3)
    assert.match(xml, /<testsuite name="pushy chef-client \(not started\)" tests="2" failures="0" errors="0" skipped="2">/)
    assert.match(caseOf(xml, 'z-1'), /<skipped type="not_started"/)
    assert.ok(xml.indexOf('name="z-1"') < xml.indexOf('name="z-2"'))
    // the quorum_failed batch counts as a failure of its own, so a CI reading only the XML sees red
    assert.match(xml, /<testsuites name="pushy" tests="14" failures="2" errors="3"/)
    assert.match(xml, /<testcase classname="chef-client" name="job b{32}">\n {6}<failure type="quorum_failed" message="the job ended quorum_failed"\/>/)
  })

  it('times when known, captured output in system-out/system-err without colour codes', () => {
    const outputs = new Map([[job.id, new Map([['db-1', {stdout: '\u001B[31mFATAL\u001B[0m: boom\n', stderr: 'trace <here> & there\r\n'}], ['web-1', {stdout: 'ok\n', stderr: ''}]])]])
    const times = new Map([[job.id, new Map([['db-1', 2.5], ['web-1', 1]])]])
    const xml = renderJunit([job], {strict: false, outputs, times})
    assertValid(xml)
    assert.match(caseOf(xml, 'db-1'), /time="2.500"/)
    assert.equal(xpath(xml, 'string(//testcase[@name="db-1"]/system-out)'), 'FATAL: boom\n')
    assert.equal(xpath(xml, 'string(//testcase[@name="db-1"]/system-err)'), 'trace <here> & there\r\n')
    assert.equal(caseOf(xml, 'web-1'), '<testcase classname="chef-client" name="web-1" time="1.000">\n      <system-out>ok\n</system-out>\n    </testcase>')
  })

  it('a job still running: its unfinished nodes are errors; a job without nodes is an empty suite', () => {
    const xml = renderJunit([{...job, status: 'running', nodes: {running: ['r-1'], ready: ['r-2']}}, {id: 'c'.repeat(32), command: 'x', status: 'new'}], {strict: false})
    assertValid(xml)
    assert.match(caseOf(xml, 'r-1'), /<error type="running" message="still running/)
    assert.match(xml, /<testsuite name="pushy x" tests="0" failures="0" errors="0" skipped="0" id="c{32}">/)
  })

  it('every character XML forbids is dropped, markup escaped, in names, commands and output', () => {
    const nasty = `a\u0000b\u0001\u0008\u000B\u000C\u001B[0m\u007F\uFFFE\uFFFF\uD800c]]>&<>"'\t😀`
    const outputs = new Map([[job.id, new Map([[nasty, {stdout: nasty, stderr: nasty}]])]])
    const xml = renderJunit([{...job, command: nasty, nodes: {failed: [nasty]}}], {strict: false, outputs})
    assertValid(xml)
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/)
    assert.doesNotMatch(xml, /(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'no lone surrogate')
    // Read back through an XML parser: the attribute keeps the tab, the text the rest.
    assert.equal(xpath(xml, 'string(//testcase/@name)'), `ab[0m\u007Fc]]>&<>"'\t😀`)
    assert.equal(xpath(xml, 'string(//testcase/system-out)'), `ab\u007Fc]]>&<>"'\t😀`)
  })

  it('escaping helpers', () => {
    assert.equal(xmlText('a&b<c>d"e\r\n'), 'a&amp;b&lt;c&gt;d"e&#13;\n')
    assert.equal(xmlAttribute('a&b<c>d"e\r\n\t'), 'a&amp;b&lt;c&gt;d&quot;e&#13;&#10;&#9;')
  })
})
