import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {bashValueCompletion, withValueCompletion, type CompletionCommand} from '../../../src/lib/cli/completion.js'

const commands: CompletionCommand[] = [
  {id: 'job:output', flags: {channel: {options: ['stdout', 'stderr', 'both']}, json: {}}},
  {id: 'job:list', flags: {format: {char: 'F', options: ['summary', 'json']}, secret: {options: ['x'], hidden: true}}},
]

describe('bash value completion', () => {
  it('has one case per flag with options, long and short spellings, commands matched as a prefix', () => {
    const fragment = bashValueCompletion(commands)
    assert.match(fragment, /'job:output'\*' --channel'\) __pushy_values='stdout stderr both' ;;/)
    assert.match(fragment, /'job:list'\*' --format'\|'job:list'\*' -F'\) __pushy_values='summary json' ;;/)
    assert.doesNotMatch(fragment, /secret|--json/)
  })

  it('offers `last` right after the commands whose first argument is a job, and only those', () => {
    assert.doesNotMatch(bashValueCompletion(commands), /opts='last'/)
    const fragment = bashValueCompletion([...commands, {id: 'job:status', flags: {}, jobArgument: true}, {id: 'job:watch', flags: {}, jobArgument: true}])
    assert.match(fragment, /^ {6}'job:status'\|'job:watch'\) opts='last' ;;$/m)
  })

  it('goes right before the final compgen of the generated function, and refuses a script it does not know', () => {
    const script = 'f() {\n  opts=x\n  COMPREPLY=($(compgen -W "$opts" -- "${cur}"))\n}\n'
    const patched = withValueCompletion(script, commands)
    assert.ok(patched.indexOf('opts=x') < patched.indexOf('# pushy: flag names after arguments'))
    assert.ok(patched.indexOf('# pushy: flag names after arguments') < patched.indexOf('COMPREPLY=($(compgen'))
    assert.throws(() => withValueCompletion('no anchor here', commands), /no final compgen/)
  })
})
