// `pushy zero` as a user runs it: what it says when it starts, -V request lines, a port already
// taken, and fleet settings that must take effect on real (exec: true) runs.
import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {after, describe, it} from 'node:test'
import {makeHome, runCli} from '../helpers/cli.js'
import {assertErrorLine, assertExit, spawnCli, startedId, type LiveCli} from './support.js'

const env = {PUSHY_ZERO_FLEET: undefined, PUSHY_ZERO_PUSH_VERSION: undefined, PUSHY_ZERO_COMPLETE_WAIT: '0.2'}

/** A fleet file in `home`: one node that fails whatever its command does, one that succeeds, one offline. */
function writeFleet(home: string): string {
  const file = join(home, 'fleet.yml')
  writeFileSync(
    file,
    [
      'defaults: {whitelist: {ok: "echo ran"}}',
      'nodes:',
      '  - {name: good}',
      '  - {name: bad, run: fail}',
      '  - {name: down, online: false}',
      '',
    ].join('\n'),
  )
  return file
}

/** Starts `pushy zero` on any free port and waits for its config lines and start message. */
async function startZero(home: string, args: string[] = []): Promise<{cli: LiveCli; port: number}> {
  const cli = spawnCli(['zero', '--port', '0', ...args], {home, env})
  await cli.waitFor('stderr', /serving http:\/\/127\.0\.0\.1:\d+\//)
  const port = Number(/^chef_server_url "http:\/\/127\.0\.0\.1:(\d+)\//.exec(cli.stdout())![1])
  return {cli, port}
}

async function stop(cli: LiveCli): Promise<void> {
  cli.interrupt()
  assertExit(await cli.done, 0)
}

// the tests side by side: each has a HOME (and state directory) of its own, and mostly waits on processes
describe('e2e: pushy zero', {concurrency: true}, () => {
  const holders: Server[] = []
  after(() => {
    for (const holder of holders) holder.close()
  })

  it('says which fleet it runs and how many nodes, on stderr; stdout holds only the knife config lines', async () => {
    const home = makeHome()
    const fleet = writeFleet(home)
    const {cli} = await startZero(home, ['--fleet', fleet])
    await stop(cli)
    assert.match(cli.stderr(), new RegExp(`^pushy zero: fleet ${fleet.replaceAll('.', '\\.')}, 3 nodes \\(2 online\\)$`, 'm'))
    assert.match(cli.stdout(), /^chef_server_url "[^"]+"\nnode_name "pushy"\nclient_key "[^"]+"\n$/)

    const builtIn = await startZero(makeHome())
    await stop(builtIn.cli)
    assert.match(builtIn.cli.stderr(), /^pushy zero: the built-in fleet, 12 nodes \(11 online\)$/m)
  })

  it('-V logs each request it answers, one line each; without -V nothing', async () => {
    const home = makeHome()
    const verbose = await startZero(home, ['-V'])
    assertExit(await runCli(['node', 'status', '-z'], {home, env}), 0)
    await stop(verbose.cli)
    const lines = verbose.cli.stderr().split('\n').filter((line) => line.includes('/pushy/node_states'))
    assert.equal(lines.length, 1, verbose.cli.stderr())
    assert.match(lines[0], /^\d{4}-\d\d-\d\dT[\d:.]+Z 200 GET \/organizations\/pushy\/pushy\/node_states \(pushy\)$/)

    const quiet = await startZero(home)
    assertExit(await runCli(['node', 'status', '-z'], {home, env}), 0)
    await stop(quiet.cli)
    assert.doesNotMatch(quiet.cli.stderr(), /node_states/)
  })

  it('a port in use: one Error line that says so and suggests --port 0, exit 2', async () => {
    const holder = createServer()
    holders.push(holder)
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const {port} = holder.address() as AddressInfo
    const home = makeHome()
    const result = await runCli(['zero', '--port', String(port)], {home, env})
    assertExit(result, 2)
    assertErrorLine(result.stderr, new RegExp(`^Error: port ${port} on 127\\.0\\.0\\.1 is already in use \\(no pushy zero serves ${join(home, '.pushy', 'zero').replaceAll('.', '\\.')}\\)\\. Hint: --port 0 picks any free port$`))
    assert.equal(result.stdout, '')
  })

  it('a port held by a pushy zero on the same state directory: the Error line names it; the running server is untouched', async () => {
    const home = makeHome()
    const {cli, port} = await startZero(home)
    const result = await runCli(['zero', '--port', String(port)], {home, env})
    assertExit(result, 2)
    assertErrorLine(result.stderr, new RegExp(`^Error: port ${port} on 127\\.0\\.0\\.1 is already in use; pushy zero \\(pid ${cli.child.pid}\\) already serves .* at http://127\\.0\\.0\\.1:${port}/organizations/pushy\\. Hint: .*--port 0`))
    assertExit(await runCli(['node', 'status', '-z', 'web-01'], {home, env}), 0)
    await stop(cli)
  })

  it('a second pushy zero on a state directory already served (any port): refused, exit 2; the first goes on', async () => {
    const home = makeHome()
    const {cli, port} = await startZero(home)
    const result = await runCli(['zero', '--port', '0'], {home, env})
    assertExit(result, 2)
    assertErrorLine(result.stderr, new RegExp(`^Error: pushy zero \\(pid ${cli.child.pid}\\) already serves .* at http://127\\.0\\.0\\.1:${port}/organizations/pushy\\. Hint: .*its own --state-dir$`))
    assertExit(await runCli(['node', 'status', '-z', 'web-01'], {home, env}), 0)
    await stop(cli)
  })

  it('run: fail on a node that runs its command for real (exec: true, the default) fails it', async () => {
    const home = makeHome()
    const result = await runCli(['job', 'start', '-z', '--capture', 'ok', 'good', 'bad'], {home, env: {...env, PUSHY_ZERO_FLEET: writeFleet(home)}})
    assertExit(result, 1)
    assert.match(result.stdout, /^ {2}failed: {4}bad\n {2}succeeded: good$/m)
    const output = await runCli(['job', 'output', '-z', startedId(result.stderr), 'bad'], {home, env})
    assertExit(output, 0)
    assert.equal(output.stdout, 'ran\n', 'the command ran before the node reported failure')
  })
})
