// The package as a user gets it: `npm pack`, `npm install -g --prefix TMP ./pushy-*.tgz` (npm must
// print no warning), then the installed `pushy` from a directory outside the checkout, with a
// throw-away HOME: --version, a local-mode job, and shell completion through a real bash.
// npm fetches pushy's runtime dependencies (oclif and its plugins) from the registry, as it does
// for any user; everything pushy itself contacts is on 127.0.0.1.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, dirname, join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function run(command: string, args: string[], options: {cwd: string; env: NodeJS.ProcessEnv; input?: string}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000)
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr})
    })
    child.stdin.end(options.input ?? '')
  })
}

const shown = (result: Run): string => `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`

/**
 * The environment without what `npm test` adds for its own scripts (npm_package_*, the project's
 * prefix, …), which would make the inner npm treat the checkout as its project.
 */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig'])
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_') || keep.has(key.toLowerCase())))
  return {...env, ...extra}
}

describe('e2e: npm pack, npm install -g, then pushy from anywhere', () => {
  const work = mkdtempSync(join(tmpdir(), 'pushy-install-'))
  const prefix = join(work, 'prefix')
  const home = join(work, 'home')
  const installed = join(prefix, 'lib', 'node_modules', 'pushy')
  // node for the `#!/usr/bin/env node` line, the installed bin directory first, as after a real install
  const env = cleanEnv({
    HOME: home,
    PATH: [join(prefix, 'bin'), dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    PUSHY_ZERO_STATE_DIR: join(home, 'zero'),
  })
  let packedFiles: string[] = []
  let install: Run

  before(async () => {
    mkdirSync(home)
    // npm test has built dist/ already: pack it as it is (prepack would build a second time)
    assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'dist/ is missing: run `npm run build` (npm test does) first')
    const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {cwd: ROOT, env: cleanEnv({})})
    assert.equal(pack.code, 0, `npm pack failed: ${shown(pack)}`)
    const [{filename, files}] = JSON.parse(pack.stdout) as Array<{filename: string; files: Array<{path: string}>}>
    packedFiles = files.map((file) => file.path)
    install = await run('npm', ['install', '-g', '--prefix', prefix, '--no-fund', '--no-audit', '--no-update-notifier', join(work, filename)], {cwd: work, env})
  })

  after(() => rmSync(work, {recursive: true, force: true}))

  it('the package holds the built CLI, its licence and docs, and no sources', () => {
    for (const path of ['bin/run.js', 'bin/code-cache.js', 'bin/package.json', 'dist/cli.js', 'oclif.manifest.json', 'LICENSE', 'README.md', 'package.json', 'docs/commands.md', 'docs/exit-codes.md']) {
      assert.ok(packedFiles.includes(path), `${path} is not in the package: ${packedFiles.join(' ')}`)
    }

    const sources = packedFiles.filter((path) => /^(src|test|scripts|bench)\//.test(path) || path.endsWith('.ts'))
    assert.deepEqual(sources, [])
  })

  it('npm install -g --prefix installs it with no warning', () => {
    assert.equal(install.code, 0, `npm install failed: ${shown(install)}`)
    assert.doesNotMatch(`${install.stdout}\n${install.stderr}`, /npm warn|npm err/i, shown(install))
    assert.match(install.stdout, /added \d+ package/)
  })

  // Every command runs from dist/fast.cjs, which -V loads with source maps on: its map is what
  // --verbose stack traces need (positions and file names, not the sources); nothing else has one.
  it('ships one source map, with positions only: enough for --verbose stack traces of every command', () => {
    const files = readdirSync(join(installed, 'dist'), {recursive: true, encoding: 'utf8'})
    assert.deepEqual(files.filter((path) => path.endsWith('.map')), ['fast.cjs.map'])
    const map = JSON.parse(readFileSync(join(installed, 'dist', 'fast.cjs.map'), 'utf8'))
    assert.ok(map.sources.some((source: string) => source.endsWith('src/lib/http/errors.ts')), 'the map leads back to src/')
    assert.equal(map.sourcesContent, undefined, 'the map carries no sources')
    const size = (path: string): number => statSync(join(installed, 'dist', path)).size
    const total = files.filter((path) => statSync(join(installed, 'dist', path)).isFile()).reduce((sum, path) => sum + size(path), 0)
    assert.ok(size('fast.cjs.map') < total / 2, `the map is ${size('fast.cjs.map')} of ${total} bytes`)
  })

  it('pushy --version', async () => {
    const result = await run('pushy', ['--version'], {cwd: home, env})
    assert.equal(result.code, 0, shown(result))
    assert.equal(result.stdout, `pushy/${VERSION} ${process.platform}-${process.arch} node-${process.version}\n`)
  })

  it('pushy job start -z chef-client web-01 runs a job on the local server', async () => {
    const result = await run('pushy', ['job', 'start', '-z', 'chef-client', 'web-01'], {cwd: home, env})
    assert.equal(result.code, 0, shown(result))
    assert.match(result.stdout, /^command: +chef-client$/m)
    assert.match(result.stdout, /^ {2}succeeded: web-01$/m)
    assert.match(result.stdout, /^status: +complete$/m)
    assert.match(result.stderr, /^Complete\.$/m)
  })

  it('pushy autocomplete bash, then bash completes pushy job st<TAB>', async () => {
    const instructions = await run('pushy', ['autocomplete', 'bash'], {cwd: home, env})
    assert.equal(instructions.code, 0, shown(instructions))
    assert.match(instructions.stdout, /pushy autocomplete script bash/)

    const script = await run('pushy', ['autocomplete', 'script', 'bash'], {cwd: home, env})
    assert.equal(script.code, 0, shown(script))
    const program = [script.stdout, 'COMP_WORDS=(pushy job st)', 'COMP_CWORD=2', "COMP_LINE='pushy job st'", 'COMP_POINT=${#COMP_LINE}', '_pushy_autocomplete', 'printf "%s\\n" "${COMPREPLY[@]}"'].join('\n')
    const bash = await run('bash', ['-c', program], {cwd: home, env})
    assert.equal(bash.code, 0, shown(bash))
    assert.deepEqual([...new Set(bash.stdout.split('\n').filter(Boolean))].sort(), ['start', 'status'])
  })
})
