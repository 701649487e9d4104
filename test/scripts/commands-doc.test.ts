// docs/commands.md never drifts from the CLI: it is what scripts/commands-doc.js generates from
// the built commands today, and everything `pushy … --help` lists (commands, flags, arguments) is
// in it. The second half reads --help independently of the generator, so a generator bug that
// drops a flag fails here too.
import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {describe, it} from 'node:test'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {helpText} from '../helpers/in-process.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DOC_PATH = fileURLToPath(new URL('../../docs/commands.md', import.meta.url))
const doc = readFileSync(DOC_PATH, 'utf8')

/** The lines of each upper-case section (USAGE, FLAGS, OUTPUT FLAGS, …) of a --help text. */
function helpSections(text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>()
  let current: string[] = []
  for (const line of text.split('\n')) {
    if (/^[A-Z][A-Z ]*$/.test(line)) sections.set(line, (current = []))
    else current.push(line)
  }

  return sections
}

/** Names in a COMMANDS or TOPICS section: the text before the column gap. */
const listedNames = (lines: string[] = []): string[] => lines.flatMap((line) => /^ {2}(\S+(?: \S+)*?) {2,}/.exec(line)?.[1] ?? [])


/** Every command reachable from `pushy --help`, through its topics (asked once per file). */
let listed: Promise<string[]> | undefined
const listedCommands = (): Promise<string[]> => (listed ??= readListedCommands())

async function readListedCommands(): Promise<string[]> {
  const root = helpSections(await helpText([]))
  const topics = listedNames(root.get('TOPICS'))
  const nested = await Promise.all(topics.map(async (topic) => listedNames(helpSections(await helpText([topic])).get('COMMANDS'))))
  return [...listedNames(root.get('COMMANDS')), ...nested.flat()].sort()
}

/** The part of docs/commands.md about one command. */
function docSection(command: string): string {
  const start = doc.indexOf(`\n## pushy ${command}\n`)
  assert.ok(start >= 0, `docs/commands.md has no section "## pushy ${command}"`)
  const end = doc.indexOf('\n## ', start + 1)
  return doc.slice(start, end === -1 ? undefined : end)
}

describe('docs/commands.md', () => {
  it('is what scripts/commands-doc.js generates from the commands now', async () => {
    const {stdout} = await promisify(execFile)(process.execPath, ['scripts/commands-doc.js', '--print'], {cwd: ROOT, maxBuffer: 16 * 1024 * 1024})
    assert.ok(stdout.includes('## pushy job start'), 'the generator printed no reference')
    if (doc === stdout) return
    // a few lines from the first difference say more than a diff of two 30 kB strings
    const [committed, generated] = [doc.split('\n'), stdout.split('\n')]
    const first = generated.findIndex((line, index) => line !== committed[index])
    const at = first === -1 ? generated.length : first
    assert.deepEqual(
      committed.slice(at, at + 6),
      generated.slice(at, at + 6),
      `docs/commands.md is out of date from line ${at + 1} (actual: the file, expected: generated): run \`npm run build\` and commit docs/commands.md`,
    )
    assert.fail(`docs/commands.md differs from the generated reference after line ${at + 1}`)
  })

  it('documents exactly the commands `pushy --help` lists', async () => {
    const documented = [...doc.matchAll(/^## pushy (.+)$/gm)].map((match) => match[1]).sort()
    assert.deepEqual(documented, await listedCommands())
  })

  it("has every flag and argument of each command's --help", async () => {
    const commands = await listedCommands()
    assert.ok(commands.includes('job start') && commands.length >= 9, `too few commands found: ${commands.join(', ')}`)
    const helps = await Promise.all(commands.map((command) => helpText(command.split(' '))))
    let flagsSeen = 0
    commands.forEach((command, index) => {
      const section = docSection(command)
      for (const [header, lines] of helpSections(helps[index])) {
        if (header.endsWith('FLAGS')) {
          for (const line of lines) {
            // a flag's own line starts at column 2; wrapped descriptions are indented further
            const flag = /^ {2}(?:-(\w), | {4})(--(?:\[no-\])?[a-z][\w-]*)/.exec(line)
            if (!flag) continue
            flagsSeen++
            const label = `\`${flag[1] ? `-${flag[1]}, ` : ''}${flag[2]}`
            assert.ok(section.includes(label), `pushy ${command} --help shows ${label.slice(1)}, docs/commands.md does not`)
          }
        }

        if (header === 'ARGUMENTS') {
          for (const line of lines) {
            const arg = /^ {2}(\S+)/.exec(line)
            if (arg) assert.ok(section.includes(`\`${arg[1]}\``), `pushy ${command} --help shows argument ${arg[1]}, docs/commands.md does not`)
          }
        }
      }
    })
    assert.ok(flagsSeen > 50, `only ${flagsSeen} flags found in --help: is the parsing still right?`)
  })
})
