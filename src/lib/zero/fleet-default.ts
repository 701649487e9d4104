// The built-in fleet used when no fleet file is given (docs/local-mode.md).
import {fileURLToPath} from 'node:url'
import {ownPackage} from '../package-root.js'
import type {Fleet, FleetNode} from './types.js'

/** The command line of the `chef-client` stand-in, a plain script in the package's assets/. */
export function chefClientStandIn(): string {
  const script = fileURLToPath(new URL('assets/chef-client.mjs', ownPackage().root))
  return `"${process.execPath}" "${script}"`
}

/**
 * Values a fleet node gets for every field its file entry (and `defaults`) leave out. A real run
 * starts at once; a simulated node without delay_ms gets SIMULATED_RUN_MS instead (fleet.ts).
 */
export function builtInNodeDefaults(): Omit<FleetNode, 'name'> {
  return {
    runList: [],
    chefEnvironment: '_default',
    attributes: {},
    whitelist: {'chef-client': chefClientStandIn()},
    online: true,
    vote: 'ack',
    run: 'succeed',
    delayMs: 0,
    exec: true,
  }
}

function node(name: string, role: string, index: number, online: boolean): FleetNode {
  return {
    ...builtInNodeDefaults(),
    name,
    runList: [`role[${role}]`, 'recipe[base]'],
    chefEnvironment: 'production',
    attributes: {
      platform: 'ubuntu',
      platform_family: 'debian',
      platform_version: '22.04',
      os: 'linux',
      hostname: name,
      fqdn: `${name}.example.internal`,
      ipaddress: `10.0.${role === 'db' ? 2 : 1}.${10 + index}`,
    },
    online,
  }
}

/**
 * Ten `webapp` nodes (web-10 offline, so `--quorum 90%` passes and `100%` fails) and two `db`
 * nodes, all running the chef-client stand-in for real.
 */
export function defaultFleet(): Fleet {
  const pad = (n: number) => String(n).padStart(2, '0')
  const web = Array.from({length: 10}, (_, i) => node(`web-${pad(i + 1)}`, 'webapp', i + 1, i !== 9))
  const db = Array.from({length: 2}, (_, i) => node(`db-${pad(i + 1)}`, 'db', i + 1, true))
  return {nodes: [...web, ...db]}
}
