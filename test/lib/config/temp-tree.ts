// Builds a throwaway directory tree for config tests: {"home/.chef/config.rb": "…"} → files on disk.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {after} from 'node:test'

/** Paths ending in "/" are created as empty directories. Removed when the test file ends. */
export function tempTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'pushy-config-'))
  after(() => rmSync(root, {recursive: true, force: true}))
  for (const [path, text] of Object.entries(files)) {
    const full = join(root, path)
    if (path.endsWith('/')) mkdirSync(full, {recursive: true})
    else {
      mkdirSync(dirname(full), {recursive: true})
      writeFileSync(full, text)
    }
  }

  return root
}
