// Files below a folder whose names end in `suffix`, skipping folders named in `skip`.
import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

export function filesUnder(dir, suffix, skip = []) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return skip.includes(name) ? [] : filesUnder(path, suffix, skip)
    return path.endsWith(suffix) ? [path] : []
  })
}
