// --nodes-from FILE|-: node names one a line, so `jq -r '.not_started[]' result.json | pushy job
// start … --nodes-from -` resumes a stopped rollout.
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {usageError} from '../errors.js'
import {validateNodeName} from '../job/names.js'

/** Names in the text: one a line, surrounding blanks trimmed, blank lines and `#` comments skipped. */
export function parseNodeList(text: string, source: string): string[] {
  const names: string[] = []
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*$/, '').trim()
    if (line === '') continue
    try {
      validateNodeName(line)
    } catch (error) {
      throw usageError(`--nodes-from ${source}, line ${index + 1}: ${(error as Error).message}`, 'one node name a line; blank lines and # comments are ignored')
    }
    names.push(line)
  }
  return names
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/** Reads the list from a file (relative to `cwd`) or, for `-`, from stdin. */
export async function readNodesFrom(path: string, where: {cwd: string; stdin: () => NodeJS.ReadableStream}): Promise<string[]> {
  if (path === '-') return parseNodeList(await readAll(where.stdin()), 'stdin')
  let text: string
  try {
    text = readFileSync(resolve(where.cwd, path), 'utf8')
  } catch (error) {
    throw usageError(`--nodes-from ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  return parseNodeList(text, path)
}
