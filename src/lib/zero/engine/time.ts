// The server's two timestamp shapes (the real server sends both; pushy reads both).

/** `created_at`/`updated_at`: RFC 1123 in GMT, second precision ("Thu, 21 May 2020 13:14:32 GMT"). */
export function rfc1123(date: Date): string {
  return date.toUTCString()
}

/** SSE `timestamp`: "2014-07-10 05:17:44.995958Z" (a space, not `T`; six fractional digits). */
export function sseTimestamp(epochMicros: number): string {
  const ms = Math.floor(epochMicros / 1000)
  const micros = String(epochMicros % 1_000_000).padStart(6, '0')
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}.${micros}Z`
}

/**
 * Hands out timestamps that are unique and strictly increasing even when the clock returns the
 * same millisecond (or goes back): pedant validates exactly that within one stream.
 */
export class Stamper {
  private last = 0

  constructor(private readonly now: () => Date) {}

  next(): string {
    this.last = Math.max(this.now().getTime() * 1000, this.last + 1)
    return sseTimestamp(this.last)
  }
}
