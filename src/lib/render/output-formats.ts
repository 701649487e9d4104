// The -F values. Its own module so command files (loaded for --help and completion) can name
// the formats without importing the renderers.
export const OUTPUT_FORMATS = ['summary', 'text', 'json', 'yaml', 'table'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

/** Commands whose result is a job also take JUnit XML (for CI systems). */
export const JOB_OUTPUT_FORMATS = [...OUTPUT_FORMATS, 'junit'] as const
export type JobOutputFormat = (typeof JOB_OUTPUT_FORMATS)[number]
