// A real HTTP proxy for the tests: Debian's tinyproxy (scripts/test-deps.sh installs it), on
// 127.0.0.1 with a free port, optionally with Basic authentication. Its log shows every tunnel
// it opened, which is how the tests prove that a request went through it.
import {spawn, type ChildProcess} from 'node:child_process'
import {once} from 'node:events'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {connect, createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as delay} from 'node:timers/promises'

export interface Tinyproxy {
  url: string
  port: number
  /** `CONNECT host:port` targets it was asked for, in order */
  tunnels(): string[]
  /** the whole log, for assertions that something never appears in it */
  log(): string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const {port} = server.address() as {port: number}
  server.close()
  await once(server, 'close')
  return port
}

const accepting = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

export async function startTinyproxy(options: {basicAuth?: {user: string; password: string}} = {}): Promise<Tinyproxy> {
  const dir = mkdtempSync(join(tmpdir(), 'pushy-tinyproxy-'))
  const port = await freePort()
  const logFile = join(dir, 'tinyproxy.log')
  // No ConnectPort line: tinyproxy then tunnels to any port (the test servers use free ones).
  const config = [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 60', `LogFile "${logFile}"`, 'LogLevel Connect', 'MaxClients 50', 'Allow 127.0.0.1']
  if (options.basicAuth) config.push(`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`)
  writeFileSync(join(dir, 'tinyproxy.conf'), `${config.join('\n')}\n`)
  const child: ChildProcess = spawn('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], {stdio: 'ignore'})
  const exited = once(child, 'exit')
  const deadline = Date.now() + 10_000
  while (!(await accepting(port))) {
    if (child.exitCode !== null) throw new Error(`tinyproxy exited with ${child.exitCode}; is it installed (scripts/test-deps.sh)?`)
    if (Date.now() > deadline) throw new Error('tinyproxy did not start listening within 10 s')
    await delay(20)
  }

  const log = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '')
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    tunnels: () => [...log().matchAll(/Request \(file descriptor \d+\): CONNECT (\S+) HTTP/g)].map((match) => match[1]!),
    async stop() {
      // SIGKILL: tinyproxy sometimes sat on a SIGTERM that came just after it started (a test run
      // hung on this await for minutes); its log is written line by line, so nothing is lost.
      child.kill('SIGKILL')
      await exited
      rmSync(dir, {recursive: true, force: true})
    },
  }
}
