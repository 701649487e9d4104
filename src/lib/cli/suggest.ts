/**
 * Commands a mistyped one may have meant, best first: those that start with what was typed
 * (`job stat` → `job start`, `job status`), else those within a small edit distance
 * (`job stauts` → `job status`). Ids use oclif's `topic:verb` form.
 */
export function suggestCommands(typed: string, ids: readonly string[], limit = 3): string[] {
  const prefixed = ids.filter((id) => id.startsWith(typed) && id !== typed).sort()
  if (prefixed.length > 0) return prefixed.slice(0, limit)
  const allowed = Math.max(2, Math.floor(typed.length / 3))
  return ids
    .map((id) => ({id, distance: editDistance(typed, id)}))
    .filter(({distance}) => distance <= allowed)
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map(({id}) => id)
}

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]
}
