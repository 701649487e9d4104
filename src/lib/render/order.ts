/** knife's order: Ruby compares strings byte by byte (so `Z` < `a`, and é after every ASCII letter). */
export const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))
