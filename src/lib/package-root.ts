import {readFileSync} from 'node:fs'

interface OwnPackage {
  /** the folder holding pushy's package.json, as a file: URL ending in / */
  root: URL
  version: string
}

let found: OwnPackage | undefined

/**
 * pushy's own package.json, found by walking up from this module: the same code runs from src/
 * (tsx), from the bundle in dist/ and from a copy of both, each at a different depth.
 */
export function ownPackage(): OwnPackage {
  if (found) return found
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {name?: string; version?: string}
      if (pkg.name === 'pushy' && typeof pkg.version === 'string') return (found = {root: dir, version: pkg.version})
    } catch {
      // no readable package.json at this level
    }
    if (dir.pathname === '/') throw new Error(`pushy's package.json was not found above ${import.meta.url}`)
  }
}
