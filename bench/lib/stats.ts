// Small numeric helpers for benchmark figures.

export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

/** Linear-interpolated quantile (q in 0..1) of a non-empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

export const min = (values: readonly number[]): number => Math.min(...values)
export const max = (values: readonly number[]): number => Math.max(...values)

/** `12.3` with a fixed number of decimals. */
export const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : String(value))

/** median (p10–p90, n) of a sample, in the unit given */
export const spread = (values: readonly number[], unit: string, digits = 1): string =>
  `median ${fixed(median(values), digits)} ${unit} (p10 ${fixed(quantile(values, 0.1), digits)}, p90 ${fixed(quantile(values, 0.9), digits)}, n=${values.length})`
