// Accept-header negotiation, as webmachine does it for a resource offering one media type:
// the most specific matching range decides, and q=0 refuses. No Accept header accepts anything.

interface MediaRange {
  type: string
  subtype: string
  q: number
}

function parseAccept(header: string): MediaRange[] {
  return header.split(',').flatMap((item) => {
    const [range, ...params] = item.trim().split(';')
    const [type, subtype] = range.trim().toLowerCase().split('/')
    if (!type || !subtype) return []
    const qParam = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='))
    const q = qParam === undefined ? 1 : Number(qParam.slice(2))
    return [{type, subtype, q: Number.isFinite(q) ? q : 0}]
  })
}

export function accepts(header: string | undefined, mediaType: string): boolean {
  if (header === undefined || header.trim() === '') return true
  const [type, subtype] = mediaType.toLowerCase().split('/')
  let best: {specificity: number; q: number} | undefined
  for (const range of parseAccept(header)) {
    const specificity = range.type === type && range.subtype === subtype ? 2 : range.type === type && range.subtype === '*' ? 1 : range.type === '*' && range.subtype === '*' ? 0 : -1
    if (specificity >= 0 && (!best || specificity > best.specificity)) best = {specificity, q: range.q}
  }

  return best !== undefined && best.q > 0
}

/** `application/json`, with or without parameters such as charset. */
export const isJsonContentType = (header: string | undefined): boolean => header?.split(';')[0].trim().toLowerCase() === 'application/json'
