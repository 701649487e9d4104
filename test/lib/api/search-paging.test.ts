import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {judgePage} from '../../../src/lib/api/search-paging.js'

const names = (from: number, count: number): string[] => Array.from({length: count}, (_, i) => `web-${from + i}`)
const none = new Set<string>()

describe('judgePage: when to ask for another page', () => {
  it('a full page asks for more, even when total (goiardi: the rows of this page) says that was all', () => {
    assert.deepEqual(judgePage({start: 0, rows: 3}, {total: 3, names: names(0, 3)}, none), {kind: 'more', fresh: names(0, 3), nextStart: 3})
  })

  it('a short page is the last when total is per page or exact', () => {
    assert.deepEqual(judgePage({start: 6, rows: 3}, {total: 2, names: names(6, 2)}, none), {kind: 'last', fresh: names(6, 2)})
    assert.deepEqual(judgePage({start: 6, rows: 3}, {total: 8, names: names(6, 2)}, none), {kind: 'last', fresh: names(6, 2)})
  })

  it('a short page is not the last while an exact total counts more (rows capped, deleted nodes left out)', () => {
    assert.deepEqual(judgePage({start: 0, rows: 3}, {total: 5, names: names(0, 2)}, none), {kind: 'more', fresh: names(0, 2), nextStart: 2})
  })

  it('an empty page is the last whatever total says', () => {
    assert.deepEqual(judgePage({start: 9, rows: 3}, {total: 100, names: []}, none), {kind: 'last', fresh: []})
  })

  it('a page holding only names already read means the server ignored start', () => {
    assert.deepEqual(judgePage({start: 3, rows: 3}, {total: 9, names: names(0, 3)}, new Set(names(0, 3))), {kind: 'repeated'})
    // in another order, still nothing new
    assert.deepEqual(judgePage({start: 3, rows: 3}, {total: 9, names: names(0, 3).reverse()}, new Set(names(0, 3))), {kind: 'repeated'})
  })

  it('a page that partly repeats (rows shifted while paging) keeps only the new names, each once', () => {
    assert.deepEqual(judgePage({start: 3, rows: 3}, {total: 9, names: ['web-2', 'web-3', 'web-3']}, new Set(names(0, 3))), {
      kind: 'more',
      fresh: ['web-3'],
      nextStart: 6,
    })
  })

  it('rows without a name are counted as rows but never returned', () => {
    assert.deepEqual(judgePage({start: 0, rows: 3}, {total: 3, names: ['', 'web-1', '']}, none), {kind: 'more', fresh: ['web-1'], nextStart: 3})
  })
})
