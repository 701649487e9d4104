#!/usr/bin/env node
// Kept small on purpose: start-up time is a feature (bench/startup). Two shortcuts, both exact:
// `--version` is answered from package.json in oclif's format, and a known command without a help
// flag runs with the help and autocomplete plugins left unloaded (they serve only help and
// completion; oclif reads each of them at start-up otherwise).
import {readFileSync} from 'node:fs'
import module from 'node:module'

// Node 22+ keeps compiled code between runs (a no-op on Node 20, which has no such cache).
module.enableCompileCache?.()

const argv = process.argv.slice(2)
const readJson = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'))
const pjson = readJson('../package.json')

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${pjson.name}/${pjson.version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  const {Config, main} = await import('../dist/cli.js')
  const commandId = (() => {
    try {
      const {commands} = readJson('../oclif.manifest.json')
      const id = [argv[0], argv[1]].filter(Boolean).join(':')
      return commands[id] ? id : commands[argv[0]] ? argv[0] : undefined
    } catch {
      return undefined
    }
  })()
  const wantsHelp = argv.some((arg) => arg === '--help' || arg === '-h')
  const lean = commandId !== undefined && !commandId.startsWith('autocomplete') && !wantsHelp
  const loadOptions = lean ? await Config.load({root: new URL('..', import.meta.url).pathname, pjson: {...pjson, oclif: {...pjson.oclif, plugins: []}}}) : undefined
  await main(argv, loadOptions ?? import.meta.url)
}
