// Compact node lists for headers, pdsh-hostlist style: web-01 web-02 web-03 web-07 db-1
// → `db-1, web-[01-03,07]`. With fleets of thousands of nodes a plain list would be pages long.
import {byBytes} from './order.js'

interface Numbered {
  name: string
  prefix: string
  token: string
  value: number
  suffix: string
}

// The last run of digits splits a name into prefix, number and suffix (web-01.example.com).
const NUMBERED = /^(.*?)(\d{1,15})(\D*)$/

const padded = (token: string): boolean => token.length > 1 && token.startsWith('0')

// 9 and 10 join (plain numbers); 09 and 10 join (same width); 9 and 010 do not.
const joins = (a: Numbered, b: Numbered): boolean =>
  b.value === a.value + 1 && (a.token.length === b.token.length || (!padded(a.token) && !padded(b.token)))

function ranges(members: Numbered[]): string {
  const sorted = [...members].sort((a, b) => a.value - b.value || a.token.length - b.token.length)
  const parts: string[] = []
  let start = sorted[0]
  let end = start
  for (const item of sorted.slice(1)) {
    if (joins(end, item)) {
      end = item
      continue
    }
    parts.push(start === end ? start.token : `${start.token}-${end.token}`)
    start = item
    end = item
  }
  parts.push(start === end ? start.token : `${start.token}-${end.token}`)
  return parts.join(',')
}

/** `nodes` sorted, de-duplicated and with numeric runs folded into `prefix[a-b,c]suffix`. */
export function compressNodeList(nodes: readonly string[]): string {
  const groups = new Map<string, Numbered[]>()
  const items: Array<{first: string; text: string}> = []
  for (const name of new Set(nodes)) {
    const match = NUMBERED.exec(name)
    if (!match) {
      items.push({first: name, text: name})
      continue
    }
    const [, prefix, token, suffix] = match
    const key = `${prefix}\0${suffix}`
    const members = groups.get(key) ?? []
    members.push({name, prefix, token, value: Number(token), suffix})
    groups.set(key, members)
  }
  for (const members of groups.values()) {
    const first = members.map((m) => m.name).sort(byBytes)[0]
    const text = members.length === 1 ? first : `${members[0].prefix}[${ranges(members)}]${members[0].suffix}`
    items.push({first, text})
  }
  return items
    .sort((a, b) => byBytes(a.first, b.first))
    .map((item) => item.text)
    .join(', ')
}
