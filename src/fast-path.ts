// The runner of dist/fast.cjs (scripts/bundle.js): a known command, without help or completion.
// oclif still parses and runs the command; its configuration is trimmed to what that needs:
// - oclif sees one command, the one being run: `only` holds it, and oclif's `explicit` strategy
//   reads it off the bundle's exports (bin/code-cache.js has already put the evaluated bundle in
//   require.cache under that file name, so nothing is discovered or imported from disk);
// - so oclif builds its manifest from that one class instead of reading oclif.manifest.json
//   (65 kB of JSON, and node:fs/promises loaded to read it, for commands this run never uses);
// - no plugins (help and autocomplete serve only help and completion), no user or dev plugins;
// - no theme: oclif's theme colours help, which this path never shows, and reading the user's
//   theme.json loads node:fs/promises for it. oclif's own switch is set while it loads its
//   configuration and restored by the `init` hook (`configLoaded`), before the command runs, so
//   no process the command starts inherits it.
import {Plugin, type Interfaces} from '@oclif/core'
import {main} from './cli.js'

export const FAST_BUNDLE = './dist/fast.cjs'

/** oclif's DISABLE_THEME, scoped to pushy's bin name as oclif scopes it */
const THEME_OFF = 'PUSHY_DISABLE_THEME'

/** The command of this run, by id; filled by runKnown, read by oclif. */
export const only: Record<string, unknown> = {}

/** The user's own THEME_OFF (undefined: not set), put back once oclif has loaded. */
let userThemeOff: string | undefined

/** Runs `commands[commandId]` (a getter that loads the command's module) with argv. */
export async function runKnown(argv: string[], root: string, pjson: Interfaces.PJSON, commandId: string, commands: Record<string, unknown>): Promise<never> {
  Object.defineProperty(only, commandId, {enumerable: true, get: () => commands[commandId]})
  const oclif = {
    ...pjson.oclif,
    plugins: [],
    commands: {strategy: 'explicit' as const, target: FAST_BUNDLE, identifier: 'only'},
    hooks: {...pjson.oclif.hooks, init: {target: FAST_BUNDLE, identifier: 'configLoaded'}},
  }
  const rootPlugin = new Plugin({root, pjson: {...pjson, oclif}, isRoot: true, ignoreManifest: true})
  await rootPlugin.load()
  userThemeOff = process.env[THEME_OFF]
  process.env[THEME_OFF] = '1'
  // options, not a loaded Config: oclif's run() loads a Config it is given once more
  return main(argv, {root, plugins: new Map([[rootPlugin.name, rootPlugin]]), userPlugins: false, devPlugins: false})
}

/** The `init` hook: oclif has loaded its configuration (and skipped the theme). */
export async function configLoaded(): Promise<void> {
  if (userThemeOff === undefined) delete process.env[THEME_OFF]
  else process.env[THEME_OFF] = userThemeOff
}
