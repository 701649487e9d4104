// The one exit-code table (docs/exit-codes.md says the same to users). Scripts depend on these numbers.
export const ExitCode = {
  Ok: 0,
  NodeFailed: 1,
  Usage: 2,
  QuorumFailed: 3,
  JobAborted: 4,
  Auth: 5,
  NotFound: 6,
  Server: 7,
  WaitTimeout: 8,
  Internal: 70,
  Interrupted: 130,
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

/** The table as it appears in every command's --help. */
export const EXIT_CODE_HELP: ReadonlyArray<[ExitCodeValue, string]> = [
  [ExitCode.Ok, 'success (job complete, every node that ran succeeded)'],
  [ExitCode.NodeFailed, 'job complete but a node failed, crashed, timed out or was aborted (--strict: any node not succeeded)'],
  [ExitCode.Usage, 'usage error: unknown command, bad flag, quorum, JSON, key or config; no nodes; request rejected as invalid (400)'],
  [ExitCode.QuorumFailed, 'job ended quorum_failed'],
  [ExitCode.JobAborted, 'job ended timed_out, crashed or aborted'],
  [ExitCode.Auth, 'authentication or authorisation failed (401/403)'],
  [ExitCode.NotFound, 'not found (unknown job, no captured output)'],
  [ExitCode.Server, 'server or network error that retries did not cure'],
  [ExitCode.WaitTimeout, '--wait-timeout passed; the job is still running'],
  [ExitCode.Internal, 'internal error: a bug in pushy (please report it with the -V output); never a node, server or user problem'],
  [ExitCode.Interrupted, 'interrupted (Ctrl-C)'],
]
