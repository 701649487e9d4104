// pushy's help: oclif's, plus an EXIT CODES section after the description. As a section of
// [code, meaning] rows it is laid out like the flags, so a long meaning wraps under itself at any
// terminal width (text in the description is re-wrapped by oclif to column 0).
import {CommandHelp, Help, type Command} from '@oclif/core'

type ExitCodeRows = Array<[string, string]>

class PushyCommandHelp extends CommandHelp {
  protected override sections(): ReturnType<CommandHelp['sections']> {
    const sections = super.sections()
    const rows = (this.command as Command.Loadable & {exitCodes?: ExitCodeRows}).exitCodes
    if (!rows) return sections
    const at = sections.findIndex((section) => section.header === 'DESCRIPTION') + 1
    return [...sections.slice(0, at), {header: 'EXIT CODES', generate: (_data, header) => [{header, body: rows}]}, ...sections.slice(at)]
  }
}

export default class PushyHelp extends Help {
  protected override getCommandHelpClass(command: Command.Loadable): CommandHelp {
    return new PushyCommandHelp(command, this.config, this.opts)
  }
}
