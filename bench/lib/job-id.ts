/** The job id from a `job start` transcript (the summary's `id:` line, or `Started.  Job ID:` on stderr). */
export function jobIdOf(stdout: string, stderr = ''): string {
  const match = /^id:\s+([0-9a-f]{32})$/m.exec(stdout) ?? /Job ID: ([0-9a-f]{32})/.exec(stderr)
  if (!match) throw new Error(`no job id in the output: ${stdout.slice(0, 300)} ${stderr.slice(0, 300)}`)
  return match[1]
}
