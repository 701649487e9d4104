// scripts/test-deps.sh on a "machine" made of stand-in commands on PATH (id, apt-get, sudo, the
// tools themselves), so every path is tried without touching the real system: nothing missing;
// missing as root (apt-get update, then install); missing without root or sudo (one line, stop).
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {chmodSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {fileURLToPath} from 'node:url'

const SCRIPT = fileURLToPath(new URL('../../scripts/test-deps.sh', import.meta.url))
const TOOLS = ['goiardi', 'ruby', 'tinyproxy', 'xmllint']

/** A PATH directory holding only the given stand-ins (shell scripts). */
function machine(commands: Record<string, string>): {bin: string; log: string} {
  const bin = mkdtempSync(join(tmpdir(), 'pushy-test-deps-'))
  const log = join(bin, 'calls.log')
  writeFileSync(log, '')
  for (const [name, body] of Object.entries(commands)) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`)
    chmodSync(join(bin, name), 0o755)
  }

  return {bin, log}
}

const present = Object.fromEntries(TOOLS.map((tool) => [tool, 'exit 0']))

function run(bin: string) {
  const result = spawnSync('/bin/bash', [SCRIPT], {env: {PATH: bin}, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

describe('scripts/test-deps.sh', () => {
  it('does nothing when every tool is there', () => {
    const {bin, log} = machine({...present, id: 'echo 1000', 'apt-get': 'exit 1'})
    assert.deepEqual(run(bin), {code: 0, stdout: '', stderr: ''})
    assert.doesNotMatch(readFileSync(log, 'utf8'), /apt-get/)
  })

  it('as root: apt-get update, then apt-get install of exactly the missing packages', () => {
    // apt-get "installs" by putting the tools on PATH
    const install = TOOLS.map((tool) => `printf '#!/bin/sh\\nexit 0\\n' > "\${0%/*}/${tool}"; /bin/chmod +x "\${0%/*}/${tool}"`).join('\n')
    const {bin, log} = machine({goiardi: 'exit 0', id: 'echo 0', env: 'shift; exec "$@"', 'apt-cache': 'exit 1', 'apt-get': `case "$1" in install) ${install};; esac`})
    const result = run(bin)
    assert.equal(result.code, 0, result.stderr)
    const calls = readFileSync(log, 'utf8').split('\n').filter((line) => line.startsWith('apt-get'))
    assert.deepEqual(calls, ['apt-get update -qq', 'apt-get install -y -qq ruby ruby-chef-config tinyproxy libxml2-utils'])
    assert.equal(result.stderr, 'scripts/test-deps.sh: installing ruby ruby-chef-config tinyproxy libxml2-utils\n')
  })

  it('without root or sudo: stops at once with one line naming the packages', () => {
    // ruby is there, but without chef-config
    const {bin, log} = machine({goiardi: 'exit 0', ruby: 'exit 1', id: 'echo 1000', 'apt-get': 'exit 0'})
    const result = run(bin)
    assert.equal(result.code, 1)
    assert.equal(result.stderr, "scripts/test-deps.sh: the tests need the Debian/Ubuntu packages ruby-chef-config tinyproxy libxml2-utils: run 'apt-get install ruby-chef-config tinyproxy libxml2-utils' as root\n")
    assert.doesNotMatch(readFileSync(log, 'utf8'), /apt-get/)
  })

  it('with a sudo that wants a password and no terminal: fails at once, never waits', () => {
    const {xmllint: _missing, ...allButXmllint} = present
    const {bin, log} = machine({...allButXmllint, id: 'echo 1000', 'apt-get': 'exit 0', sudo: 'exit 1'})
    const result = run(bin)
    assert.equal(result.code, 1)
    assert.match(result.stderr, /packages libxml2-utils: apt-get update failed\n$/)
    assert.match(readFileSync(log, 'utf8'), /^sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update/m)
  })
})
