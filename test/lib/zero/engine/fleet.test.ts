import assert from 'node:assert/strict'
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, it} from 'node:test'
import {PushyError} from '../../../../src/lib/errors.js'
import {createEngine} from '../../../../src/lib/zero/engine/index.js'
import {defaultFleet, loadFleet, parseFleet} from '../../../../src/lib/zero/fleet.js'
import {allEvents} from './helpers.js'

const usage = (pattern: RegExp) => (error: unknown) => error instanceof PushyError && error.exitCode === 2 && pattern.test(error.message)

describe('fleet file', () => {
  it('applies built-in defaults, then `defaults`, then the node', () => {
    const fleet = parseFleet(
      `
defaults: {vote: nack, chef_environment: prod}
nodes:
  - name: web-01
    run_list: ["role[webapp]", "recipe[base]", nginx]
    attributes: {platform: ubuntu}
    whitelist: {deploy: "echo deploy"}
    online: false
    run: hang
    delay_ms: 200
    exec: false
  - name: db-01
    chef_environment: staging
`,
      'fleet.yml',
    )
    const [web, db] = fleet.nodes
    assert.deepEqual(web, {
      name: 'web-01',
      runList: ['role[webapp]', 'recipe[base]', 'recipe[nginx]'],
      chefEnvironment: 'prod',
      attributes: {platform: 'ubuntu'},
      whitelist: {deploy: 'echo deploy'},
      online: false,
      vote: 'nack',
      run: 'hang',
      delayMs: 200,
      exec: false,
    })
    assert.equal(db.chefEnvironment, 'staging')
    assert.equal(db.vote, 'nack')
    assert.equal(db.online, true)
    assert.equal(db.run, 'succeed')
    assert.equal(db.exec, true)
    assert.deepEqual(db.runList, [])
    assert.deepEqual(Object.keys(db.whitelist), ['chef-client'])
  })

  it('generates zero-padded names with the fields given', () => {
    const fleet = parseFleet('generate:\n  - {prefix: app-, count: 10000, run_list: ["role[app]"], exec: false}\n  - {prefix: db, count: 3}\n', 'f.yml')
    assert.equal(fleet.nodes.length, 10_003)
    assert.equal(fleet.nodes[0].name, 'app-00001')
    assert.equal(fleet.nodes[9999].name, 'app-10000')
    assert.equal(fleet.nodes[0].exec, false)
    assert.deepEqual(fleet.nodes[0].runList, ['role[app]'])
    assert.deepEqual(fleet.nodes.slice(10_000).map((n) => n.name), ['db01', 'db02', 'db03'])
    assert.equal(fleet.nodes[10_000].exec, true)
  })

  it('delay_ms left out: a real run starts at once, a simulated one takes a second', () => {
    const fleet = parseFleet('nodes:\n  - {name: real}\n  - {name: sim, exec: false}\n  - {name: slow, exec: false, delay_ms: 5}\ngenerate:\n  - {prefix: gen, count: 1, exec: false}\n', 'f.yml')
    assert.deepEqual(
      fleet.nodes.map((n) => [n.name, n.delayMs]),
      [
        ['real', 0],
        ['sim', 1000],
        ['slow', 5],
        ['gen01', 1000],
      ],
    )
    const fromDefaults = parseFleet('defaults: {delay_ms: 7}\nnodes:\n  - {name: real}\n  - {name: sim, exec: false}\n', 'f.yml')
    assert.deepEqual(fromDefaults.nodes.map((n) => n.delayMs), [7, 7])
  })

  it('an empty file is an empty fleet', () => {
    assert.deepEqual(parseFleet('', 'empty.yml'), {nodes: []})
  })

  for (const [text, pattern] of [
    ['nodes:\n  - {name: a, colour: red}\n', /empty\.yml.*unknown key "colour" in nodes\[0\]/],
    ['node: []\n', /unknown key "node" in the top level/],
    ['defaults: {name: x}\n', /unknown key "name" in defaults/],
    ['generate:\n  - {prefix: a, count: 2, nme: x}\n', /unknown key "nme" in generate\[0\]/],
    ['nodes:\n  - {name: a}\n  - {name: a}\n', /"a" appears more than once/],
    ['nodes:\n  - {name: a01}\ngenerate:\n  - {prefix: a, count: 1}\n', /"a01" appears more than once/],
    ['nodes:\n  - {name: "bad name"}\n', /nodes\[0\]\.name must be a node name/],
    ['nodes:\n  - {run: succeed}\n', /nodes\[0\] has no name/],
    ['nodes:\n  - {name: a, vote: maybe}\n', /vote must be one of ack, nack, ignore/],
    ['nodes:\n  - {name: a, run: explode}\n', /run must be one of succeed, fail, crash, hang/],
    ['nodes:\n  - {name: a, online: yes please}\n', /online must be true or false/],
    ['nodes:\n  - {name: a, whitelist: {x: 1}}\n', /whitelist\.x must be a string/],
    ['nodes:\n  - {name: a, run_list: ["role[a"]}\n', /run_list item/],
    ['generate:\n  - {prefix: a, count: 0}\n', /count must be a positive whole number/],
    ['nodes: {a: 1}\n', /nodes must be a list/],
    ['nodes: [\n', /empty\.yml/],
  ] as const) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseFleet(text, 'empty.yml'), usage(pattern))
    })
  }

  it('loadFleet reads a file, names it in errors, and gives the default fleet without a path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pushy-fleet-'))
    const path = join(dir, 'fleet.yml')
    writeFileSync(path, 'nodes:\n  - {name: solo, exec: false}\n')
    assert.deepEqual(loadFleet(path).nodes.map((n) => n.name), ['solo'])
    writeFileSync(path, 'extra: 1\n')
    assert.throws(() => loadFleet(path), usage(new RegExp(`${path}.*unknown key "extra"`)))
    assert.throws(() => loadFleet(join(dir, 'missing.yml')), usage(/cannot read fleet file/))
    assert.deepEqual(loadFleet(), defaultFleet())
  })
})

describe('default fleet', () => {
  const fleet = defaultFleet()

  it('has ten webapp nodes (one offline) and two db nodes, all whitelisting the chef-client stand-in', () => {
    assert.deepEqual(fleet.nodes.map((n) => n.name), ['web-01', 'web-02', 'web-03', 'web-04', 'web-05', 'web-06', 'web-07', 'web-08', 'web-09', 'web-10', 'db-01', 'db-02'])
    assert.deepEqual(fleet.nodes.filter((n) => !n.online).map((n) => n.name), ['web-10'])
    for (const n of fleet.nodes) {
      const [, exe, script] = /^"(.+)" "(.+)"$/.exec(n.whitelist['chef-client'])!
      assert.equal(exe, process.execPath)
      assert.ok(existsSync(script), script)
      assert.equal(n.exec, true)
      assert.equal(n.attributes.platform, 'ubuntu')
    }
  })

  it('search objects carry roles and recipes from the run list', () => {
    const engine = createEngine({org: 'o', fleet})
    const [web] = engine.nodes()
    assert.equal(web.name, 'web-01')
    assert.equal(web.chef_environment, 'production')
    assert.deepEqual(web.run_list, ['role[webapp]', 'recipe[base]'])
    assert.deepEqual(web.automatic.roles, ['webapp'])
    // a chef-client run lists a cookbook's default recipe under both names (issue 14)
    assert.deepEqual(web.automatic.recipes, ['base', 'base::default'])
    assert.equal(web.automatic.platform, 'ubuntu')
    assert.equal(engine.nodes().filter((n) => (n.automatic.roles as string[]).includes('db')).length, 2)
  })

  it('runs chef-client for real: 90% of the webapp nodes meet the quorum, 100% does not', async () => {
    const engine = createEngine({org: 'o', fleet, timings: {completeWaitMs: 10}})
    try {
      const webapp = fleet.nodes.filter((n) => n.name.startsWith('web-')).map((n) => n.name)
      const ok = engine.startJob({command: 'chef-client', nodes: webapp, quorum: 9, captureOutput: true}, 'u')
      const all = engine.startJob({command: 'chef-client', nodes: webapp, quorum: 10}, 'u')
      await allEvents(engine, all.id)
      assert.equal(engine.getJob(all.id)?.status, 'quorum_failed')
      await allEvents(engine, ok.id)
      assert.equal(engine.getJob(ok.id)?.status, 'complete')
      assert.equal(engine.getJob(ok.id)?.nodes?.succeeded?.length, 9)
      const out = engine.output(ok.id, 'web-03', 'stdout')!.toString()
      assert.match(out, /^Starting Chef Infra Client/)
      assert.match(out, /\[web-03\] Resolving cookbooks/)
      assert.match(out, /Converging 12 resources/)
      assert.match(out, /\* service\[nginx\] action restart/)
      assert.match(out, /Chef Infra Client finished, 3\/12 resources updated in 02 seconds\n$/)
    } finally {
      await engine.close()
    }
  })
})
