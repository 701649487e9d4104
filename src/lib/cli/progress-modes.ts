// `--progress` values, on their own so that command files (loaded for --help) need not load the
// progress renderers.
export const PROGRESS_FLAG_VALUES = ['auto', 'live', 'plain', 'json', 'none'] as const
export type ProgressFlag = (typeof PROGRESS_FLAG_VALUES)[number]
export type ProgressMode = Exclude<ProgressFlag, 'auto'>
