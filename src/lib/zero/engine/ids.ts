// Job ids: 32 lowercase hex = a 12-hex prefix fixed per org + 20 random hex. The real server
// takes the prefix from the org GUID; zero has no GUID, so it hashes the org name, which keeps
// the prefix stable across restarts.
import {createHash, randomBytes} from 'node:crypto'

export function orgPrefix(org: string): string {
  return createHash('md5').update(`pushy-zero-org:${org}`).digest('hex').slice(-12)
}

export function newJobId(prefix: string): string {
  return prefix + randomBytes(10).toString('hex')
}
