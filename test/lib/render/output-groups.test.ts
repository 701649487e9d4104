import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {groupOutputs, missingOutputNote, renderJobOutput} from '../../../src/lib/render/output-groups.js'
import {compressNodeList} from '../../../src/lib/render/node-list.js'

const b = (text: string): Buffer => Buffer.from(text)
const grouped = {group: true, color: false}
const prefixed = {group: false, color: false}

describe('compressNodeList', () => {
  it('folds numeric runs, keeping zero padding', () => assert.equal(compressNodeList(['web-03', 'web-01', 'web-02', 'web-07']), 'web-[01-03,07]'))
  it('a lone numbered name stays as it is', () => assert.equal(compressNodeList(['db-1', 'web-01', 'web-02']), 'db-1, web-[01-02]'))
  it('plain numbers join across widths; padded ones do not', () => {
    assert.equal(compressNodeList(['app-9', 'app-10', 'app-11']), 'app-[9-11]')
    assert.equal(compressNodeList(['n09', 'n10']), 'n[09-10]')
    assert.equal(compressNodeList(['n9', 'n010']), 'n[9,010]')
  })
  it('keeps a suffix after the number', () => assert.equal(compressNodeList(['web1.example.com', 'web2.example.com', 'web3.example.org']), 'web[1-2].example.com, web3.example.org'))
  it('names without digits and duplicates', () => assert.equal(compressNodeList(['gamma', 'alpha', 'alpha']), 'alpha, gamma'))
  it('10,000 nodes fit on one line', () => assert.equal(compressNodeList(Array.from({length: 10_000}, (_, i) => `app-${i + 1}`)), 'app-[1-10000]'))
})

describe('job output, grouped like dshbak -c', () => {
  it('merges identical outputs under one header, nodes sorted', () => {
    const out = renderJobOutput(
      [
        {node: 'web-03', data: b('ok\n')},
        {node: 'web-01', data: b('ok\n')},
        {node: 'db-1', data: b('error: disk full\n')},
        {node: 'web-02', data: b('ok\n')},
      ],
      grouped,
    )
    assert.equal(
      out.toString(),
      '----------------\ndb-1\n----------------\nerror: disk full\n----------------\nweb-[01-03] (3)\n----------------\nok\n',
    )
  })

  it('is binary-safe: bytes are compared and copied, never re-encoded', () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0xc3])
    const almost = Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0xc4])
    const groups = groupOutputs([
      {node: 'a', data: binary},
      {node: 'b', data: Buffer.from(binary)},
      {node: 'c', data: almost},
    ])
    assert.deepEqual(groups.map((g) => g.nodes), [['a', 'b'], ['c']])
    const out = renderJobOutput([{node: 'a', data: binary}, {node: 'b', data: Buffer.from(binary)}], grouped)
    assert.deepEqual(out, Buffer.concat([b('----------------\na, b (2)\n----------------\n'), binary, b('\n')]))
  })

  it('ends a group without a final newline before the next header', () =>
    assert.equal(renderJobOutput([{node: 'a', data: b('x')}, {node: 'b', data: b('y\n')}], grouped).toString(), '----------------\na\n----------------\nx\n----------------\nb\n----------------\ny\n'))

  it('empty output is a header with nothing under it', () =>
    assert.equal(renderJobOutput([{node: 'a', data: b('')}, {node: 'b', data: b('')}], grouped).toString(), '----------------\na, b (2)\n----------------\n'))

  it('a single node is printed raw, nothing added', () => {
    const bytes = Buffer.from([0x00, 0xff, 0x41])
    assert.equal(renderJobOutput([{node: 'a', data: bytes}], grouped), bytes)
    assert.equal(renderJobOutput([{node: 'a', data: bytes}], prefixed), bytes)
    assert.equal(renderJobOutput([{node: 'a'}], grouped).length, 0)
  })

  it('nodes without output are left out and noted', () => {
    const outputs = [{node: 'a', data: b('x\n')}, {node: 'web-2'}, {node: 'web-1'}]
    assert.equal(renderJobOutput(outputs, grouped).toString(), '----------------\na\n----------------\nx\n')
    assert.equal(missingOutputNote(outputs, 'stdout'), 'no captured stdout for web-[1-2] (2): capture was off (--capture), the node did not run, or its output was too large and dropped')
    assert.equal(missingOutputNote([{node: 'a', data: b('')}], 'stderr'), undefined)
  })

  it('colours the header only with color on', () => {
    const outputs = [{node: 'a', data: b('x\n')}, {node: 'b', data: b('x\n')}]
    assert.equal(renderJobOutput(outputs, grouped).includes(0x1b), false)
    assert.match(renderJobOutput(outputs, {group: true, color: true}).toString(), /\u001B\[1m\u001B\[36ma, b/)
  })
})

describe('job output --no-group', () => {
  it('prefixes every line with the node, padded to the longest name', () => {
    const out = renderJobOutput([{node: 'web-10', data: b('one\ntwo\n')}, {node: 'db', data: b('three\n')}], prefixed)
    assert.equal(out.toString(), 'db:     three\nweb-10: one\nweb-10: two\n')
  })
  it('completes a partial last line', () =>
    assert.equal(renderJobOutput([{node: 'a', data: b('x\ny')}, {node: 'bb', data: b('z')}], prefixed).toString(), 'a:  x\na:  y\nbb: z\n'))
  it('keeps blank lines and bytes', () => {
    const out = renderJobOutput([{node: 'a', data: Buffer.from([0x0a, 0xff, 0x0a])}, {node: 'b'}], prefixed)
    assert.deepEqual(out, Buffer.concat([b('a: \n'), b('a: '), Buffer.from([0xff, 0x0a])]))
  })
  it('prints nothing for empty output', () => assert.equal(renderJobOutput([{node: 'a', data: b('')}, {node: 'b', data: b('x\n')}], prefixed).toString(), 'b: x\n'))
})
