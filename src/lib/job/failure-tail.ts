// What went wrong, shown where people look: after a job's verdict, the end of the failed nodes'
// output on stderr, so nobody has to run a second command to see the error.

/** How many failed nodes are shown, and how many lines of each. */
export const TAIL_NODES = 5
export const TAIL_LINES = 20

export interface FailedNodeOutput {
  node: string
  stdout?: Buffer
  stderr?: Buffer
}

/** The last `count` lines of `text` (a trailing newline does not make an extra empty line). */
export function lastLines(text: string, count: number): string[] {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/)
  return lines.slice(-count)
}

/** stderr, or stdout when stderr is empty: the channel that most likely says why. */
function telling(output: FailedNodeOutput): {channel: 'stderr' | 'stdout'; text: string} | undefined {
  const stderr = output.stderr?.toString('utf8') ?? ''
  if (stderr.trim() !== '') return {channel: 'stderr', text: stderr}
  const stdout = output.stdout?.toString('utf8') ?? ''
  if (stdout.trim() !== '') return {channel: 'stdout', text: stdout}
  return undefined
}

/**
 * The stderr block: each node's last lines under its name, then the command that shows the rest.
 * `failedCount` is every failed node of the job (more than the outputs shown when over the limit).
 */
export function renderFailureTail(jobId: string, outputs: readonly FailedNodeOutput[], failedCount: number): string {
  let text = ''
  for (const output of outputs) {
    const found = telling(output)
    if (!found) {
      text += `--- ${output.node}: no captured output\n`
      continue
    }
    const lines = lastLines(found.text, TAIL_LINES)
    text += `--- ${output.node} (last ${lines.length} line${lines.length === 1 ? '' : 's'} of ${found.channel}) ---\n`
    for (const line of lines) text += `    ${line}\n`
  }
  const shown = outputs.length < failedCount ? `${outputs.length} of ${failedCount} failed nodes shown. ` : ''
  return `${text}${shown}All their output: pushy job output ${jobId} --state failed --channel both\n`
}
