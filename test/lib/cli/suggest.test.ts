import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {editDistance, suggestCommands} from '../../../src/lib/cli/suggest.js'

const IDS = ['job:start', 'job:status', 'job:list', 'job:output', 'job:watch', 'job:feed', 'node:status', 'zero', 'autocomplete']

describe('suggestCommands', () => {
  it('offers the commands that start with what was typed, in name order', () => {
    assert.deepEqual(suggestCommands('job:stat', IDS), ['job:status'])
    assert.deepEqual(suggestCommands('job:st', IDS), ['job:start', 'job:status'])
  })

  it('falls back to near misses, nearest first', () => {
    assert.deepEqual(suggestCommands('job:stauts', IDS), ['job:start', 'job:status'])
    assert.deepEqual(suggestCommands('job:lsit', IDS), ['job:list'])
    assert.deepEqual(suggestCommands('nod:status', IDS), ['node:status', 'job:status'])
    assert.deepEqual(suggestCommands('zer0', IDS), ['zero'])
  })

  it('offers nothing for what is nowhere near a command, and at most `limit`', () => {
    assert.deepEqual(suggestCommands('deploy', IDS), [])
    assert.deepEqual(suggestCommands('job:', IDS, 2), ['job:feed', 'job:list'])
  })
})

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('', ''), 0)
    assert.equal(editDistance('stat', 'status'), 2)
    assert.equal(editDistance('kitten', 'sitting'), 3)
    assert.equal(editDistance('abc', ''), 3)
  })
})
