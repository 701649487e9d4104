import {usageError} from '../errors.js'

/**
 * Seconds as typed (fractions allowed) → milliseconds. `name` is the flag or variable, for the
 * message. Zero is allowed only where it means something (`pushy zero` timings).
 */
export function parseSeconds(name: string, value: string, {allowZero = false} = {}): number {
  const seconds = Number(value)
  const valid = value.trim() !== '' && Number.isFinite(seconds) && (allowZero ? seconds >= 0 : seconds > 0)
  if (!valid) throw usageError(`${name} must be a ${allowZero ? '' : 'positive '}number of seconds, not '${value}'`)
  return Math.round(seconds * 1000)
}
