// JSON.parse keeps the last of duplicate keys silently; the real server rejects a duplicate
// `env` key, so this scans the (already valid) JSON text for the member's own keys.

const WS = /\s/

function skipWs(text: string, i: number): number {
  while (i < text.length && WS.test(text[i])) i++
  return i
}

function skipString(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '"') return i + 1
  }

  return i
}

function skipValue(text: string, i: number): number {
  const open = text[i]
  if (open === '"') return skipString(text, i)
  if (open === '{' || open === '[') {
    let depth = 0
    while (i < text.length) {
      const ch = text[i]
      if (ch === '"') {
        i = skipString(text, i)
        continue
      }

      if (ch === '{' || ch === '[') depth++
      else if ((ch === '}' || ch === ']') && --depth === 0) return i + 1
      i++
    }

    return i
  }

  while (i < text.length && !/[\s,\]}]/.test(text[i])) i++
  return i
}

/** Calls `visit(key, valueStart)` for each member of the object at `i` (which must be `{`). */
function members(text: string, i: number, visit: (key: string, valueStart: number) => void): void {
  i = skipWs(text, i + 1)
  while (i < text.length && text[i] !== '}') {
    const keyEnd = skipString(text, i)
    const key = JSON.parse(text.slice(i, keyEnd)) as string
    const valueStart = skipWs(text, skipWs(text, keyEnd) + 1)
    visit(key, valueStart)
    i = skipWs(text, skipValue(text, valueStart))
    if (text[i] === ',') i = skipWs(text, i + 1)
  }
}

/** Whether the top-level object's member `name`, an object, repeats a key. */
export function hasDuplicateKeys(text: string, name: string): boolean {
  const start = skipWs(text, 0)
  if (text[start] !== '{') return false
  let duplicate = false
  members(text, start, (key, valueStart) => {
    if (key !== name || text[valueStart] !== '{') return
    const seen = new Set<string>()
    members(text, valueStart, (inner) => {
      if (seen.has(inner)) duplicate = true
      seen.add(inner)
    })
  })
  return duplicate
}
