import {Args, Command, Flags} from '@oclif/core'
import {runWithValueCompletion} from '../../lib/cli/autocomplete-values.js'

/** plugin-autocomplete's `autocomplete`, plus bash completion of flag values (e.g. --channel). */
export default class Autocomplete extends Command {
  static override summary = 'Display autocomplete installation instructions.'
  static override description = 'Shell completion for bash, zsh and PowerShell: commands, flags, and the values of flags that have a fixed set (e.g. --channel, --format).'
  static override examples = ['<%= config.bin %> autocomplete', '<%= config.bin %> autocomplete bash', '<%= config.bin %> autocomplete --refresh-cache']
  static override args = {shell: Args.string({description: 'Shell type', options: ['zsh', 'bash', 'powershell'], required: false})}
  static override flags = {'refresh-cache': Flags.boolean({char: 'r', description: 'Refresh cache (ignores displaying instructions)'})}

  async run(): Promise<void> {
    await this.parse(Autocomplete)
    await runWithValueCompletion(this.config, 'autocomplete', this.argv)
  }
}
