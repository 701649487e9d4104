import type {Hook} from '@oclif/core'
import {suggestCommands} from '../lib/cli/suggest.js'
import {usageError} from '../lib/errors.js'

/**
 * A mistyped command is a usage error like any other: one `Error:` line with what the user may
 * have meant, exit 2 (src/cli.ts prints it). It replaces @oclif/plugin-not-found, whose output
 * is oclif's decorated warning and error, exit 127, with the suggestion only behind a prompt.
 */
const hook: Hook.CommandNotFound = async function ({config, id}) {
  // oclif joins every word before the first flag into the id: `job stauts 123` → job:stauts:123.
  const words = id.split(':').slice(0, 2)
  const isTopic = config.findTopic(words[0]) !== undefined
  // `zer0 x` may be `zero` with an argument; under a topic, the verb is what was mistyped.
  const typed = isTopic ? [words.join(':')] : [words.join(':'), words[0]]
  const visible = config.commands.filter((command) => !command.hidden).map((command) => command.id)
  const suggestions = [...new Set(typed.flatMap((t) => suggestCommands(t, visible)))].slice(0, 3)
  const topic = isTopic ? ` ${words[0]}` : ''
  const list = `\`${config.bin} help${topic}\` lists the commands`
  const named = suggestions.map((s) => `\`${config.bin} ${s.replaceAll(':', ' ')}\``)
  throw usageError(`\`${words.join(' ')}\` is not a ${config.bin} command`, named.length > 0 ? `did you mean ${named.join(' or ')}? ${list}` : list)
}

export default hook
