// Renders docs/commands.md from oclif's loaded config. Every piece comes from the formatter that
// `pushy COMMAND --help` itself uses (argument names, flag labels, defaults, options, templated
// examples), so the reference says what --help says and only the layout differs.
import {loadHelpClass} from '@oclif/core'
import {stripVTControlCharacters} from 'node:util'

/** Markdown-escapes prose, leaving `code spans` as they are (inside tables, `|` still needs escaping). */
function escapeProse(text, inTable = false) {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return inTable ? part.replaceAll('|', '\\|') : part
      // `_` and `*` between letters never start emphasis in GitHub's Markdown: left as typed
      return part.replaceAll(/[\\<>[\]|]|(?<![A-Za-z0-9])[*_]|[*_](?![A-Za-z0-9])/g, (c) => `\\${c}`)
    })
    .join('')
}

const code = (text) => `\`${text.replaceAll('|', '\\|')}\``
const plain = (text) => stripVTControlCharacters(text ?? '').trim()
const spaced = (id) => id.replaceAll(':', ' ')
const anchor = (title) => `#${title.toLowerCase().replaceAll(/[^a-z0-9 -]/g, '').replaceAll(' ', '-')}`

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n')
}

/** Flags in --help's order: alphabetical (short flags first) unless the CLI asks for none. */
function sortedFlags(command, helpOptions) {
  const flags = Object.entries(command.flags ?? {})
    .filter(([, flag]) => !flag.hidden)
    .map(([name, flag]) => ({...flag, name}))
  if (helpOptions.flagSortOrder === 'none') return flags
  const key = (flag) => `${flag.char ? 0 : 1} ${flag.char ?? ''} ${flag.name}`
  return flags.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/** "EXIT CODES"-style blocks in a description become their own section, kept verbatim. */
function splitDescription(text) {
  const prose = []
  const blocks = []
  for (const paragraph of text.split(/\n\s*\n/)) {
    const [first, ...rest] = paragraph.split('\n')
    if (/^[A-Z][A-Z ]+$/.test(first.trim()) && rest.length > 0) blocks.push({title: first.trim(), body: rest.join('\n')})
    else prose.push(paragraph.trim())
  }

  return {prose: prose.filter(Boolean), blocks}
}

function dedent(text) {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n')
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length))
  return lines.map((line) => line.slice(indent)).join('\n')
}

const sentenceCase = (title) => title.charAt(0) + title.slice(1).toLowerCase()

function commandSection(command, config, helpOptions, HelpClass) {
  const help = new HelpClass(config, {...helpOptions, stripAnsi: true, maxWidth: Number.MAX_SAFE_INTEGER}).getCommandHelpClass(command)
  const render = (text) => plain(help.render(text ?? ''))
  const title = `${config.bin} ${spaced(command.id)}`
  const out = [`## ${title}`, '']

  const summary = render(command.summary)
  const {prose, blocks} = splitDescription(render(command.description))
  if (summary) out.push(escapeProse(summary), '')

  const args = Object.values(command.args ?? {}).filter((arg) => !arg.hidden)
  const argRows = (help.args(args) ?? []).map(([name, description]) => [plain(name), plain(description)])
  const flags = sortedFlags(command, helpOptions)
  const usage = command.usage
    ? [command.usage].flat().map((line) => render(line).replace(/^(<%= command.id %>|\S+)/, title))
    : [[title, ...argRows.map(([name]) => name), flags.length > 0 ? '[FLAGS]' : ''].filter(Boolean).join(' ')]
  out.push('```', ...usage, '```', '')

  for (const paragraph of prose) if (paragraph !== summary) out.push(escapeProse(paragraph.replaceAll(/\s*\n\s*/g, ' ')), '')
  if (command.aliases?.length > 0) out.push(`Aliases: ${command.aliases.map((alias) => code(`${config.bin} ${spaced(alias)}`)).join(', ')}`, '')

  if (argRows.length > 0) out.push('**Arguments**', '', table(['argument', 'description'], argRows.map(([name, description]) => [code(name), escapeProse(description, true)])), '')

  const {flagGroups, mainFlags} = help.groupFlags(flags)
  const groups = [['Flags', mainFlags], ...Object.entries(flagGroups).map(([name, group]) => [`${sentenceCase(name)} flags`, group])]
  for (const [heading, group] of groups) {
    if (group.length === 0) continue
    const rows = help.flags(group).map(([label, description]) => [code(plain(label)), escapeProse(plain(description).replaceAll(/\s*\n\s*/g, ' '), true)])
    out.push(`**${heading}**`, '', table(['flag', 'description'], rows), '')
  }

  for (const {title: blockTitle, body} of blocks) out.push(`**${sentenceCase(blockTitle)}**`, '', '```text', dedent(body), '```', '')

  const examples = [command.examples ?? []].flat().map((example) => (typeof example === 'string' ? render(example) : `# ${render(example.description)}\n${render(example.command)}`))
  if (examples.length > 0) out.push('**Examples**', '', '```sh', ...examples, '```', '')
  return out.join('\n')
}

/** The whole reference for a loaded oclif Config. */
export async function commandReference(config) {
  const HelpClass = await loadHelpClass(config)
  const helpOptions = config.pjson.oclif.helpOptions ?? {}
  const seen = new Set()
  const commands = config.commands
    .filter((command) => !command.hidden && !seen.has(command.id) && seen.add(command.id))
    .sort((a, b) => (a.id < b.id ? -1 : 1))

  const index = table(
    ['command', 'what it does'],
    commands.map((command) => {
      const title = `${config.bin} ${spaced(command.id)}`
      const summary = plain(new HelpClass(config, {stripAnsi: true}).render(command.summary ?? command.description?.split('\n')[0] ?? ''))
      return [`[${code(title)}](${anchor(title)})`, escapeProse(summary, true)]
    }),
  )

  return [
    '# Command reference',
    '',
    '<!-- Generated by scripts/commands-doc.js from the commands\' own definitions during `npm run build`. Do not edit: change the command, then build. -->',
    '',
    `Every command, its arguments, flags, exit codes and examples: the same information as \`${config.bin} COMMAND --help\`, in one page. Flags with a value take it as \`--flag VALUE\` or \`--flag=VALUE\`.`,
    '',
    index,
    '',
    ...commands.map((command) => commandSection(command, config, helpOptions, HelpClass)),
  ]
    .join('\n')
    .replace(/\n+$/, '\n')
}
