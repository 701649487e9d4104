import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {Config} from '@oclif/core'
import {withValueCompletion, type CompletionCommand} from './completion.js'

/**
 * Runs one of plugin-autocomplete's commands, then adds flag-value completion to the bash
 * function it (re)wrote in the cache. pushy overrides `autocomplete` and `autocomplete create`
 * with this (the root plugin's commands win), because the plugin's own `autocomplete` calls
 * its Create class directly.
 */
export async function runWithValueCompletion(config: Config, id: string, argv: string[]): Promise<void> {
  const original = await config.plugins.get('@oclif/plugin-autocomplete')?.findCommand(id, {must: true})
  if (!original) throw new Error('@oclif/plugin-autocomplete is not installed')
  await original.run(argv, config)

  const path = join(config.cacheDir, 'autocomplete', 'functions', 'bash', `${config.bin}.bash`)
  const script = await readFile(path, 'utf8').catch(() => undefined)
  if (script === undefined || script.includes('# pushy: flag names after arguments')) return
  const commands: CompletionCommand[] = config.commands.map((command) => ({
    id: command.id,
    jobArgument: Object.keys(command.args ?? {})[0] === 'job',
    flags: Object.fromEntries(
      Object.entries(command.flags).map(([name, flag]) => [name, {char: flag.char, hidden: flag.hidden, options: 'options' in flag ? flag.options : undefined}]),
    ),
  }))
  await writeFile(path, withValueCompletion(script, commands))
}
