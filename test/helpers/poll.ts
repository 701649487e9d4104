// Waiting on a condition instead of sleeping a fixed time (the project rule: no fixed sleeps in
// tests). A fixed sleep is either too short on a loaded CI machine or wasted time everywhere else;
// a poll returns as soon as the condition holds and fails with a clear message if it never does.
import {setTimeout as sleep} from 'node:timers/promises'

/** Polls until `check` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function pollUntil<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    last = value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`)
    await sleep(intervalMs)
  }
}

/** Resolves once process `pid` is gone (signal 0 says ESRCH), or fails after `timeoutMs`. */
export async function waitForProcessGone(pid: number, timeoutMs = 5_000): Promise<void> {
  await pollUntil(
    `process ${pid} to be gone`,
    () => {
      try {
        process.kill(pid, 0)
        return undefined
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH' ? true : undefined
      }
    },
    timeoutMs,
  )
}
