import {Command} from '@oclif/core'
import {runWithValueCompletion} from '../../lib/cli/autocomplete-values.js'

/** plugin-autocomplete's hidden cache writer, plus bash flag-value completion. */
export default class AutocompleteCreate extends Command {
  static override description = 'create autocomplete setup scripts and completion functions'
  static override hidden = true

  async run(): Promise<void> {
    await runWithValueCompletion(this.config, 'autocomplete:create', this.argv)
  }
}
