// The values a knife config can hold, as Ruby would see them.

export class RubySymbol {
  constructor(readonly name: string) {}
}

/** A constant pushy has no use for but must accept, such as `STDOUT` in `log_location STDOUT`. */
export class RubyConstant {
  constructor(readonly name: string) {}
}

export class RubyHash {
  constructor(readonly entries: ReadonlyArray<readonly [RubyValue, RubyValue]>) {}
}

export type RubyValue = string | number | boolean | null | RubySymbol | RubyConstant | RubyHash | RubyValue[]

/** How Ruby's `to_s` shows a value inside `"#{…}"`. */
export function interpolate(value: RubyValue): string {
  if (value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof RubySymbol || value instanceof RubyConstant) return value.name
  throw new TypeError('an array or hash inside "#{…}"')
}

/** How a value (from config.rb or TOML) reads in an error message, roughly as Ruby's `inspect` shows it. */
export function describe(value: unknown): string {
  if (value === null) return 'nil'
  if (typeof value === 'string') return JSON.stringify(value)
  if (value instanceof RubySymbol) return `:${value.name}`
  if (value instanceof RubyConstant) return value.name
  if (value instanceof RubyHash) return 'a hash'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'a table'
  return String(value)
}
