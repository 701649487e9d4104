import {Flags} from '@oclif/core'
import {EXIT_CODE_HELP} from '../exit-codes.js'

const SERVER = 'SERVER'
const OUTPUT = 'OUTPUT'

/** Flags every server command takes (cli.md "Flags every server command takes"). */
export const serverFlags = {
  'server-url': Flags.string({description: 'Chef server URL including /organizations/ORG (knife chef_server_url)', helpGroup: SERVER}),
  user: Flags.string({char: 'u', description: 'client or user name that signs requests (knife node_name)', helpGroup: SERVER}),
  key: Flags.string({char: 'k', description: 'private key that signs requests (knife client_key)', helpGroup: SERVER}),
  config: Flags.string({char: 'c', description: 'a knife config.rb / knife.rb', helpGroup: SERVER}),
  profile: Flags.string({description: 'credentials profile in ~/.chef/credentials (also CHEF_PROFILE)', helpGroup: SERVER}),
  'local-mode': Flags.boolean({char: 'z', description: 'use the local Push Jobs server (see `pushy zero`)', helpGroup: SERVER}),
  verbose: Flags.boolean({char: 'V', description: 'log each HTTP request and response status to stderr', helpGroup: SERVER}),
}

export const FORMATS = ['summary', 'text', 'json', 'yaml', 'table'] as const
export type Format = (typeof FORMATS)[number]

export const outputFlags = {
  format: Flags.string({char: 'F', description: 'output format', options: [...FORMATS], helpGroup: OUTPUT}),
  json: Flags.boolean({description: 'same as -F json: stdout holds exactly one JSON document', helpGroup: OUTPUT}),
  color: Flags.boolean({description: 'colour on a TTY (default unless NO_COLOR is set)', allowNo: true, helpGroup: OUTPUT}),
}

/** Appended to every command's description so `--help` documents the exit codes. */
export const EXIT_CODES_TEXT =
  'EXIT CODES\n' + EXIT_CODE_HELP.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`).join('\n')

export const describe = (text: string): string => `${text}\n\n${EXIT_CODES_TEXT}`

export function chosenFormat(flags: {format?: string; json?: boolean}, fallback: Format = 'summary'): Format {
  if (flags.json) return 'json'
  return (flags.format as Format | undefined) ?? fallback
}
