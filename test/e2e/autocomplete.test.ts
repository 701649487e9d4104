// Shell completion as a user sets it up: `pushy autocomplete bash` builds the cache,
// `pushy autocomplete script bash` prints the line for ~/.bashrc, and a real bash that evaluates
// it completes pushy's commands, flags and flag values.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {before, describe, it} from 'node:test'
import {BIN, makeHome, runCli} from '../helpers/cli.js'
import {assertExit} from './support.js'

describe('e2e: bash completion', () => {
  const home = makeHome()
  const binDir = join(home, 'bin')
  const env: Record<string, string> = {
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    PATH: `${binDir}:${process.env.PATH ?? ''}`,
  }
  let setup = ''

  before(async () => {
    // a `pushy` on PATH, in case the completion wants to call it
    mkdirSync(binDir, {recursive: true})
    writeFileSync(join(binDir, 'pushy'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`)
    chmodSync(join(binDir, 'pushy'), 0o755)

    const instructions = await runCli(['autocomplete', 'bash'], {home, env})
    assertExit(instructions, 0)
    assert.match(instructions.stdout, /pushy autocomplete script bash/)

    const refresh = await runCli(['autocomplete', '--refresh-cache'], {home, env})
    assertExit(refresh, 0)

    const script = await runCli(['autocomplete', 'script', 'bash'], {home, env})
    assertExit(script, 0)
    setup = script.stdout
    assert.match(setup, /PUSHY_AC_BASH_SETUP_PATH=/)
    assert.ok(setup.includes(env.XDG_CACHE_HOME), `the cache lives under XDG_CACHE_HOME: ${setup}`)
  })

  /** COMPREPLY for the words typed so far (the last word is the one being completed). */
  function complete(words: string[]): string[] {
    const quoted = words.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(' ')
    const program = [
      setup,
      'type _pushy_autocomplete >/dev/null || { echo "no completion function" >&2; exit 9; }',
      `COMP_WORDS=(${quoted})`,
      `COMP_CWORD=${words.length - 1}`,
      `COMP_LINE=${`'${words.join(' ')}'`}`,
      'COMP_POINT=${#COMP_LINE}',
      '_pushy_autocomplete',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n')
    const result = spawnSync('bash', ['-c', program], {env: {...process.env, ...env, HOME: home}, encoding: 'utf8'})
    assert.equal(result.status, 0, `bash failed: ${result.stderr}`)
    return [...new Set(result.stdout.split('\n').filter((line) => line !== ''))].sort()
  }

  it('pushy job st<TAB> → start, status', () => {
    assert.deepEqual(complete(['pushy', 'job', 'st']), ['start', 'status'])
  })

  it('pushy job <TAB> → every job command', () => {
    assert.deepEqual(complete(['pushy', 'job', '']), ['feed', 'list', 'output', 'rerun', 'start', 'status', 'watch'])
  })

  it('pushy job start --ca<TAB> → --capture', () => {
    assert.deepEqual(complete(['pushy', 'job', 'start', '--ca']), ['--capture'])
  })

  it('pushy job output ID --ch<TAB> → --channel (flags after an argument)', () => {
    assert.deepEqual(complete(['pushy', 'job', 'output', '6e0b432e369904e76de6e95bac99c9e6', '--ch']), ['--channel'])
  })

  it('pushy job status <TAB> → last, where a job id goes (and only there)', () => {
    for (const command of ['status', 'watch', 'output', 'rerun']) assert.deepEqual(complete(['pushy', 'job', command, '']), ['last'], command)
    assert.deepEqual(complete(['pushy', 'job', 'watch', 'la']), ['last'])
    assert.ok(!complete(['pushy', 'job', 'start', '']).includes('last'), 'job start takes a command, not a job')
    assert.ok(!complete(['pushy', 'job', 'output', 'last', '']).includes('last'), 'the node names after the job are not jobs')
  })

  it('pushy job output ID --channel <TAB> → stdout stderr both', () => {
    assert.deepEqual(complete(['pushy', 'job', 'output', '6e0b432e369904e76de6e95bac99c9e6', '--channel', '']), ['both', 'stderr', 'stdout'])
  })
})
