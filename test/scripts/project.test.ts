// The project stands alone and builds as a user expects: CI runs the README's own test command,
// nothing refers to files outside the checkout, the build runs once per `npm ci && npm test`,
// and nothing runs at install time (npm warns about install scripts).
import assert from 'node:assert/strict'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')
const pkg = JSON.parse(read('package.json'))

describe('the project', () => {
  it("CI runs exactly the test command at the top of the README", () => {
    const ciCommand = read('.ci/run')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#') && !/^(set|cd) /.test(line))
    assert.equal(ciCommand.length, 1, `.ci/run should run one command, not:\n${ciCommand.join('\n')}`)
    const readme = read('README.md')
    const firstBlock = readme.slice(readme.indexOf('```sh'), readme.indexOf('```', readme.indexOf('```sh') + 5))
    assert.ok(readme.indexOf('```sh') < 400, 'the README does not open with its commands')
    assert.ok(firstBlock.split('\n').includes(ciCommand[0]), `the README's first commands do not include .ci/run's \`${ciCommand[0]}\``)
    assert.match(ciCommand[0], /^scripts\/test-deps\.sh && npm ci && npm test$/)
  })

  it('refers to nothing outside the checkout (no shared folder beside it)', () => {
    const outside = ['..', 'shared'].join('/')
    const files = ['src', 'test', 'docs', 'scripts', 'bench'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), {recursive: true, encoding: 'utf8'}).map((path) => join(dir, path)),
    )
    const offenders = [...files, 'README.md', '.ci/run', 'package.json'].filter((path) => {
      try {
        return read(path).includes(outside)
      } catch {
        return false // a directory
      }
    })
    assert.deepEqual(offenders, [])
  })

  it('builds once per `npm ci && npm test`, when packed, and never when installed', () => {
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(pkg.scripts[hook], undefined, `package.json has a ${hook} script`)
    assert.equal(pkg.scripts.prepack, 'npm run build')
    assert.equal(pkg.scripts.test.match(/npm run build/g)?.length, 1, `npm test should build once: ${pkg.scripts.test}`)
  })

  it('is Apache-2.0, with the licence text beside it', () => {
    assert.equal(pkg.license, 'Apache-2.0')
    const licence = read('LICENSE')
    assert.match(licence, /^\s+Apache License\n\s+Version 2\.0, January 2004\n/)
    assert.match(licence, /END OF TERMS AND CONDITIONS/)
    assert.ok(licence.length > 11_000, 'LICENSE is not the whole text')
  })
})
