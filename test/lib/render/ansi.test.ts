import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {fitParts, padEnd, stripAnsi, truncate, visibleWidth} from '../../../src/lib/render/ansi.js'

const red = (text: string): string => `\u001B[31m${text}\u001B[39m`

describe('visibleWidth', () => {
  it('ignores escape sequences (SGR, other CSI, OSC)', () => {
    assert.equal(visibleWidth('abc'), 3)
    assert.equal(visibleWidth(red('abc')), 3)
    assert.equal(visibleWidth('\u001B[2K\u001B[1A\rab'), 2)
    assert.equal(visibleWidth('\u001B]8;;http://x\u0007link\u001B]8;;\u0007'), 4)
  })
  it('counts code points, wide characters as 2, combining marks as 0', () => {
    assert.equal(visibleWidth('⠹ ✔'), 3)
    assert.equal(visibleWidth('日本'), 4)
    assert.equal(visibleWidth('e\u0301'), 1)
    assert.equal(visibleWidth('😀'), 2)
  })
})

describe('truncate', () => {
  it('leaves text that fits alone', () => assert.equal(truncate('abc', 3), 'abc'))
  it('cuts to the width with an ellipsis', () => {
    assert.equal(truncate('abcdef', 4), 'abc…')
    assert.equal(truncate('abcdef', 1), '…')
    assert.equal(truncate('abcdef', 0), '')
  })
  it('never splits an escape and resets colour after a cut', () => {
    const cut = truncate(`x${red('abcdef')}y`, 4)
    assert.equal(cut, `x\u001B[31mab\u001B[0m…`)
    assert.equal(visibleWidth(cut), 4)
    for (let width = 0; width < 12; width++) {
      const text = truncate(`${red('abc')}${red('def')}\u001B[1mghi\u001B[22m`, width)
      assert.ok(visibleWidth(text) <= width)
      // every ESC starts a whole SGR sequence
      assert.equal(text.split('\u001B').length - 1, (text.match(/\u001B\[[0-9;]*m/g) ?? []).length, JSON.stringify(text))
    }
  })
  it('a wide character that does not fit is left out whole', () => assert.equal(truncate('a日本', 3), 'a…'))
  it('stripAnsi and padEnd', () => {
    assert.equal(stripAnsi(red('ab')), 'ab')
    assert.equal(padEnd(red('ab'), 4), `${red('ab')}  `)
    assert.equal(padEnd('abcdef', 2), 'abcdef')
  })
})

describe('fitParts', () => {
  const parts = [
    {text: 'head', drop: 0},
    {text: 'one', drop: 2, group: 'g'},
    {text: 'two', drop: 3, group: 'g'},
    {text: 'clock', drop: 4},
  ]
  it('joins groups with a dot and others with two spaces', () => assert.equal(fitParts(parts, 100), 'head  one · two  clock'))
  it('drops the highest rank first, then truncates what is essential', () => {
    assert.equal(fitParts(parts, 15), 'head  one · two')
    assert.equal(fitParts(parts, 14), 'head  one')
    assert.equal(fitParts(parts, 8), 'head')
    assert.equal(fitParts(parts, 3), 'he…')
  })
  it('equal ranks go from the last one back', () => {
    assert.equal(fitParts([{text: 'a', drop: 0}, {text: 'b', drop: 1}, {text: 'c', drop: 1}], 4), 'a  b')
  })
})
