// dist/fast.cjs is made pure ASCII after esbuild (scripts/build/ascii-output.js): the escaped
// regular expressions must match as before, and the source map must still point every position
// after an escape at the same source position.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {SourceMap} from 'node:module'
import {fileURLToPath} from 'node:url'
import {describe, it} from 'node:test'
import {transformSync} from 'esbuild'
// @ts-expect-error: a plain JavaScript build script, without types
import {asciiOutput} from '../../scripts/build/ascii-output.js'

type Output = {code: string; map: {mappings: string}; escaped: number}
const escape = asciiOutput as (code: string, map: object) => Output

const SOURCE = [
  'export const strip = (text) => text.replace(/[\u001B\u009B][[()#;?]*/g, "")',
  'export const arrow = (line) => line.replace(/^\u203A?\\s*Error:\\s*/, "")',
  'export const face = (text) => /\u{1F600}/u.test(text) && /\u{1F600}/.test(text)',
  'export function after() { return "unchanged" }',
].join('\n')

describe('the fast bundle in ASCII', () => {
  it('escapes what esbuild leaves in regular expressions; they match the same text', async () => {
    const built = transformSync(SOURCE, {format: 'cjs', minify: true, sourcemap: 'external', sourcefile: 'input.js'})
    assert.match(built.code, /[^\x00-\x7f]/, 'esbuild still writes them as they are (else this step can go)')
    const result = escape(built.code, JSON.parse(built.map) as object)
    assert.doesNotMatch(result.code, /[^\x00-\x7f]/)
    assert.equal(result.escaped, 4)
    const module = {exports: {} as Record<string, (text: string) => unknown>}
    new Function('module', 'exports', result.code)(module, module.exports)
    assert.equal(module.exports.strip('\u009B[31mred'), '31mred')
    assert.equal(module.exports.arrow('\u203A   Error: gone'), 'gone')
    assert.equal(module.exports.face('a \u{1F600}'), true)
  })

  it('keeps the source map right after each escape', () => {
    const built = transformSync(SOURCE, {format: 'cjs', minify: true, sourcemap: 'external', sourcefile: 'input.js'})
    const before = new SourceMap(JSON.parse(built.map) as never)
    const result = escape(built.code, JSON.parse(built.map) as object)
    const after = new SourceMap(result.map as never)
    const oldLines = built.code.split('\n')
    const newLines = result.code.split('\n')
    let compared = 0
    for (const [line, text] of oldLines.entries()) {
      for (const word of ['replace', 'test', 'unchanged', 'Error']) {
        // the nth occurrence of the word, before and after
        const columns = (lineText: string): number[] => [...lineText.matchAll(new RegExp(word, 'g'))].map((match) => match.index)
        const newColumns = columns(newLines[line])
        for (const [nth, oldColumn] of columns(text).entries()) {
          const oldEntry = before.findEntry(line, oldColumn) as {originalLine?: number; originalColumn?: number}
          const newEntry = after.findEntry(line, newColumns[nth]) as {originalLine?: number; originalColumn?: number}
          assert.deepEqual([newEntry.originalLine, newEntry.originalColumn], [oldEntry.originalLine, oldEntry.originalColumn], `${word} #${nth + 1} on line ${line + 1}`)
          compared += 1
        }
      }
    }
    assert.ok(compared >= 6, `compared ${compared} positions`)
  })

  it('refuses a character escaped with a backslash rather than change its meaning', () => {
    assert.throws(() => escape('x = /\\\u203A/', {mappings: 'AAAA'}), /backslash/)
    assert.doesNotThrow(() => escape('x = /\\\\\u203A/', {mappings: 'AAAA'}))
  })

  it('the built bundle is pure ASCII', () => {
    const bundle = readFileSync(fileURLToPath(new URL('../../dist/fast.cjs', import.meta.url)), 'latin1')
    assert.doesNotMatch(bundle, /[^\x00-\x7f]/)
  })
})
