// goiardi, an independent Chef server (Go) that verifies signatures, started for a test file on
// 127.0.0.1 with a free port and its own temporary --conf-root. goiardi is a test dependency
// (.ci/run installs it): if it is missing, start-up fails on purpose rather than skipping.
import {execFile, spawn, type ChildProcess} from 'node:child_process'
import {createPublicKey} from 'node:crypto'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import type {Settings} from '../../src/lib/config/types.js'
import {promisify} from 'node:util'
import {createChefClient} from '../../src/lib/http/client.js'
import type {ChefClient, ChefClientOptions} from '../../src/lib/http/types.js'
import type {SigningVersion} from '../../src/lib/signing/canonical.js'
import {closedPort} from '../lib/http/signed-server.js'
import {fixtureKeyPem} from './keys.js'

const START_TIMEOUT_MS = 15_000

export interface Goiardi {
  /** http://127.0.0.1:PORT (goiardi has no organizations) */
  chefServerUrl: string
  /** the --conf-root: admin.pem and chef-webui.pem are written here */
  dir: string
  /** settings for the admin user (or another key in `dir`) */
  settings(version?: SigningVersion, key?: string): Settings
  /** pushy's own signed client as admin, without retries so that a failure shows at once */
  client(version?: SigningVersion, options?: Partial<ChefClientOptions>, key?: string): ChefClient
  stop(): Promise<void>
}

export interface GoiardiOptions {
  /**
   * Chef node objects the server starts with, loaded through goiardi's own import (`-m`) rather
   * than one signed POST each: 2,500 POSTs cost ~14 s of CPU, the import and a reindex ~7 s. The
   * admin then signs with a fixture key.
   */
  nodes?: object[]
}

export async function startGoiardi(options: GoiardiOptions = {}): Promise<Goiardi> {
  const dir = mkdtempSync(join(tmpdir(), 'pushy-goiardi-'))
  const port = await closedPort()
  const chefServerUrl = `http://127.0.0.1:${port}`
  const settings = (version: SigningVersion = '1.3', key = 'admin.pem'): Settings => ({
    chefServerUrl,
    nodeName: 'admin',
    clientKey: {path: join(dir, key)},
    sslVerifyMode: 'verify_peer',
    authenticationProtocolVersion: version,
    sources: {},
  })
  const client = (version?: SigningVersion, options: Partial<ChefClientOptions> = {}, key?: string): ChefClient =>
    createChefClient({settings: settings(version, key), retry: {limit: 0}, ...options})

  const store = options.nodes ? ['-D', join(dir, 'data'), '-i', join(dir, 'index')] : []
  const args = ['--ipaddress=127.0.0.1', `--port=${port}`, '--hostname=127.0.0.1', '--use-auth', `--conf-root=${dir}`, '--time-slew=15m', `--log-file=${join(dir, 'goiardi.log')}`, ...store]
  if (options.nodes) await importNodes(dir, store, options.nodes)
  // GOGC=400: goiardi's indexing allocates heavily, and with Go's default (100) collecting took
  // over a third of the search test's CPU (14 s → 9 s of CPU, for ~150 MB of memory)
  const child = spawn('goiardi', args, {stdio: 'ignore', env: {...process.env, GOGC: '400'}})
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill()
      await exited
    }

    rmSync(dir, {recursive: true, force: true})
  }

  try {
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve)
      child.once('error', (error) => reject(new Error(`cannot run goiardi (apt-get install goiardi; .ci/run does it): ${error.message}`)))
    })
    await waitUntilServing(child, dir, () => client())
    if (options.nodes) {
      // goiardi's import exits before its background indexing is done: index it all again
      await client().post('search/reindex', {})
      await waitUntilNodesIndexed(client(), options.nodes.length)
    }
  } catch (error) {
    await stop()
    throw error
  }

  return {chefServerUrl, dir, settings, client, stop}
}

/**
 * Writes goiardi's export format (what `goiardi -x` writes, version 1.1) with the admin user, the
 * _default environment and `nodes`, and imports it into the data and index files `store` names.
 */
async function importNodes(dir: string, store: string[], nodes: object[]): Promise<void> {
  const adminPem = fixtureKeyPem('server-user')
  writeFileSync(join(dir, 'admin.pem'), adminPem, {mode: 0o600})
  const publicKey = createPublicKey(adminPem).export({type: 'spki', format: 'pem'}).toString()
  const none = ['client', 'cookbook', 'databag', 'filestore', 'loginfo', 'node_status', 'report', 'role', 'sandbox', 'shovey', 'shovey_run', 'shovey_run_stream']
  const data = {
    ...Object.fromEntries(none.map((kind) => [kind, []])),
    user: [{username: 'admin', name: 'admin', email: '', admin: true, public_key: publicKey}],
    environment: [{name: '_default', chef_type: 'environment', json_class: 'Chef::Environment', description: 'The default Chef environment', default_attributes: {}, override_attributes: {}, cookbook_versions: {}}],
    node: nodes,
  }
  const file = join(dir, 'import.json')
  writeFileSync(file, JSON.stringify({MajorVersion: 1, MinorVersion: 1, CreatedTime: new Date().toISOString(), Data: data}))
  await promisify(execFile)('goiardi', [`--conf-root=${dir}`, '--use-auth', ...store, '-m', file]).catch((error: Error) => {
    throw new Error(`goiardi could not import the seed nodes (apt-get install goiardi; .ci/run does it): ${error.message}`)
  })
}

/** goiardi writes admin.pem at start-up and then starts listening: wait for both. */
async function waitUntilServing(child: ChildProcess, dir: string, admin: () => ChefClient): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  let lastError: unknown
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`goiardi exited with ${child.exitCode}; see ${join(dir, 'goiardi.log')}`)
    if (existsSync(join(dir, 'admin.pem'))) {
      try {
        // a new client each time: it reads the key when created
        await admin().get('nodes')
        return
      } catch (error) {
        lastError = error // a half-written key or a port not yet listening
      }
    }

    await sleep(50) // poll interval, not a wait for something to happen
  }

  throw new Error(`goiardi did not start within ${START_TIMEOUT_MS / 1000} s: ${String(lastError)}`)
}

/**
 * goiardi indexes a saved object in the background, after it has answered the request (a node
 * can be missing from search for a moment after its POST returned 201): wait until a search for
 * every node finds `count` of them.
 */
export async function waitUntilNodesIndexed(client: ChefClient, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let indexed = 0
  while (Date.now() < deadline) {
    // one page large enough for all: goiardi sends as many rows as asked
    const {body} = await client.post<{rows: unknown[]}>(`search/node?q=*:*&rows=${count + 1}`, {name: ['name']})
    indexed = body.rows.length
    if (indexed === count) return
    if (indexed > count) throw new Error(`goiardi's index holds ${indexed} nodes, more than the ${count} saved`)
    // poll interval, not a wait for something to happen; not shorter, as each poll reads every
    // node indexed so far and takes CPU from the indexing it waits for
    await sleep(200)
  }

  throw new Error(`goiardi indexed ${indexed} of ${count} nodes within ${timeoutMs / 1000} s`)
}
