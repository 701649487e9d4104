// The -F values. Its own module so command files (loaded for --help and completion) can name
// the formats without importing the renderers.
export const OUTPUT_FORMATS = ['summary', 'text', 'json', 'yaml', 'table'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]
