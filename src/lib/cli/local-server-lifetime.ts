// What -z with no `pushy zero` running means for a job left behind, in one wording wherever it is
// said (--nowait, Ctrl-C, --wait-timeout, a rollout interrupted). Its own module: the wait path
// must not load the local server's code to say it.
/** -z with no `pushy zero` running: why a job left behind ends as crashed, said the same way everywhere. */
export const crashesWithLocalServer = (jobId: string): string => `job ${jobId} will end as crashed, because the local server stops with this command`

/** …and what to do about it. */
export const OUTLIVE_HINT = 'run `pushy zero` in another terminal, so that jobs started with -z outlive the command'
