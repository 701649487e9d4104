// Loads dist/fast.cjs (one CommonJS bundle of the known commands) the way Node's require() would,
// but compiled with a V8 code cache kept between runs: compiling the bundle is the largest part
// of a short command's start-up, and V8 can skip it when it gets the code it made last time.
//
// The cache is a file per bundle, command, Node version and architecture in $XDG_CACHE_HOME/pushy
// (or ~/.cache/pushy). Per command, because a cache holds the functions its first run compiled:
// one shared by all commands held those of whichever ran first (`pushy zero`'s server, say), so
// `job status` read 0.9 MB of code it never runs and compiled its own anyway. It is an
// optimisation only: a missing, corrupt, rejected (V8 checks its version, flags and the source)
// or unwritable cache means a normal compile, never an error.
// A fresh one is written after the command ran (so it holds the functions that run compiled),
// atomically (a temporary file renamed), so a concurrent run never reads half a file.
// CommonJS, like bin/run.js (bin/package.json).
'use strict'
const {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} = require('node:fs')
const Module = require('node:module')
const {dirname, join} = require('node:path')

/** Where pushy keeps its code cache. */
const cacheDir = () => join(process.env.XDG_CACHE_HOME || join(require('node:os').homedir(), '.cache'), 'pushy')

/**
 * The cache file of a command (its oclif id) in a bundle for this Node: V8's code is only valid
 * for the V8 that made it.
 */
const cacheFileName = (bundleHash, commandId) => `fast-${bundleHash}-${commandId.replaceAll(':', '-')}-node${process.version}-${process.arch}.v8cache`

/**
 * Evaluates the CommonJS file `filename` with a code cache and registers it in require.cache under
 * its name (so a later require() of it, e.g. oclif's, gets these exports). Returns its exports.
 */
function requireWithCodeCache(filename, bundleHash, commandId) {
  const dir = cacheDir()
  const cacheFile = join(dir, cacheFileName(bundleHash, commandId))
  let cachedData
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // no cache yet (or unreadable): compile normally
  }
  const source = readFileSync(filename, 'utf8')
  const vm = require('node:vm')
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename,
    cachedData,
    // a real import() in the bundle (oclif loading an ESM hook) works as it does in a module
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  })
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeCache(dir, cacheFile, bundleHash, script))

  const module = new Module(filename)
  module.filename = filename
  require.cache[filename] = module
  try {
    script.runInThisContext()(module.exports, Module.createRequire(filename), module, filename, dirname(filename))
  } catch (error) {
    delete require.cache[filename]
    throw error
  }
  module.loaded = true
  return module.exports
}

function writeCache(dir, cacheFile, bundleHash, script) {
  const temporary = `${cacheFile}.${process.pid}.tmp`
  try {
    mkdirSync(dir, {recursive: true})
    writeFileSync(temporary, script.createCachedData())
    renameSync(temporary, cacheFile)
    // caches of earlier builds for this Node are dead weight
    const mine = cacheFile.slice(dir.length + 1)
    const nodeKey = mine.slice(mine.lastIndexOf('-node'))
    for (const name of readdirSync(dir)) {
      if (name.startsWith('fast-') && !name.startsWith(`fast-${bundleHash}-`) && name.endsWith(nodeKey)) rmSync(join(dir, name), {force: true})
    }
  } catch {
    // read-only or full: the next run compiles again, that is all
    try {
      rmSync(temporary, {force: true})
    } catch {
      // nothing was written
    }
  }
}

// node:vm and node:os (which `--version` never needs) are required where they are used.
module.exports = {requireWithCodeCache}
