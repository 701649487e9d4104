// The runner of dist/fast.cjs (scripts/bundle.js): a known command, without help or completion.
// oclif still parses and runs the command; its configuration is trimmed to what that needs:
// - the commands come from the bundle itself (oclif's `explicit` strategy: it requires
//   `target` and reads `identifier`); bin/code-cache.js has already put the evaluated bundle
//   in require.cache under that file name, so nothing is discovered or imported from disk;
// - no plugins (help and autocomplete serve only help and completion), no user or dev plugins.
import {Config, type Interfaces} from '@oclif/core'
import {main} from './cli.js'

export const FAST_BUNDLE = './dist/fast.cjs'

export async function runKnown(argv: string[], root: string, pjson: Interfaces.PJSON): Promise<never> {
  const oclif = {...pjson.oclif, plugins: [], commands: {strategy: 'explicit' as const, target: FAST_BUNDLE, identifier: 'commands'}}
  const config = await Config.load({root, pjson: {...pjson, oclif}, userPlugins: false, devPlugins: false})
  return main(argv, config)
}
