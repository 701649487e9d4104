#!/usr/bin/env node
// Kept small on purpose: start-up time is a feature (bench/startup.ts). Three ways in:
// - `--version` is answered from package.json in oclif's format;
// - a known command without a help flag runs from dist/fast.cjs, one CommonJS bundle compiled
//   with a V8 code cache (bin/code-cache.js), oclif configured with nothing but that command
//   (src/fast-path.ts);
// - everything else (help, completion, unknown commands) goes through oclif as usual, with the
//   help and autocomplete plugins, from the ESM chunks.
// CommonJS (bin/package.json), unlike the rest of the package: Node then starts it without its
// ES module loader, whose set-up and the facades it builds for each built-in imported cost ~11 ms
// of every start-up.
'use strict'
const {readFileSync} = require('node:fs')
const Module = require('node:module')
const {join} = require('node:path')
const {requireWithCodeCache} = require('./code-cache.js')

const argv = process.argv.slice(2)
const root = join(__dirname, '..')
const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'))
const pjson = readJson('package.json')

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${pjson.name}/${pjson.version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  start().catch((error) => {
    // what reaches here is a failure to load pushy itself: the commands report their own errors
    process.stderr.write(`${error?.stack ?? error}\n`)
    process.exitCode = 1
  })
}

async function start() {
  const fast = (() => {
    try {
      return readJson('dist/fast.json')
    } catch {
      return undefined
    }
  })()
  const known = fast && [`${argv[0]}:${argv[1]}`, argv[0]].find((id) => fast.commands.includes(id))
  const wantsHelp = argv.some((arg) => arg === '--help' || arg === '-h')
  if (known && !wantsHelp) {
    const bundle = join(root, 'dist', 'fast.cjs')
    // oclif checks, when it loads, that Node satisfies oclif's own `engines` (semver: ~4 ms of a
    // ~130 ms `job status`); npm has already checked pushy's stricter one at install. Its
    // documented switch is set for the load only, so no child process inherits it.
    const engineWarning = process.env.OCLIF_DISABLE_ENGINE_WARNING
    process.env.OCLIF_DISABLE_ENGINE_WARNING = '1'
    const {runKnown, commands} = loadFastBundle(bundle, fast.hash, known)
    if (engineWarning === undefined) delete process.env.OCLIF_DISABLE_ENGINE_WARNING
    else process.env.OCLIF_DISABLE_ENGINE_WARNING = engineWarning
    await runKnown(argv, root, pjson, known, commands)
  } else {
    Module.enableCompileCache?.()
    const {main} = await import('../dist/cli.js')
    await main(argv, root)
  }
}

function loadFastBundle(bundle, hash, commandId) {
  // -V: the stack traces of a plain require() name the TypeScript sources (source maps)
  if (argv.includes('-V') || argv.includes('--verbose')) {
    process.setSourceMapsEnabled(true)
    return require(bundle)
  }
  // pushy's own cache on every Node: Node 22's module.enableCompileCache() saves the code it
  // compiled before the module ran, so each run compiled again every function the command calls
  // (job status on Node 22.23: 169 ms with it, 116 ms with this, the floor 113 ms).
  return requireWithCodeCache(bundle, hash, commandId)
}
