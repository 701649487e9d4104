#!/usr/bin/env node
// Stand-in for `chef-client` in pushy's local mode (the default fleet whitelists it): prints a
// believable Chef Infra Client run in about 1.5 s and exits 0, so jobs look and take time like real ones.
const node = process.env.CHEF_PUSH_NODE_NAME ?? 'localhost'
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const lines = [
  [0, 'Starting Chef Infra Client, version 18.4.12'],
  [0, 'Patents: https://www.chef.io/patents'],
  [0, 'Infra Phase starting'],
  [150, `[${node}] Resolving cookbooks for run list: ["base", "nginx", "webapp::deploy"]`],
  [250, 'Synchronizing cookbooks:'],
  [40, '  - base (2.3.1)'],
  [40, '  - nginx (12.2.0)'],
  [40, '  - webapp (1.14.0)'],
  [120, 'Installing cookbook gem dependencies:'],
  [60, 'Compiling cookbooks...'],
  [200, 'Loading Chef InSpec profile files:'],
  [20, 'Converging 12 resources'],
  [120, 'Recipe: base::default'],
  [40, '  * apt_update[periodic] action periodic (up to date)'],
  [60, '  * package[curl] action install (up to date)'],
  [60, 'Recipe: nginx::default'],
  [80, '  * template[/etc/nginx/nginx.conf] action create'],
  [10, '    - update content in file /etc/nginx/nginx.conf from 4a1f2b to 9c3e7d'],
  [60, '  * service[nginx] action restart'],
  [10, '    - restart service service[nginx]'],
  [60, 'Recipe: webapp::deploy'],
  [80, '  * file[/srv/webapp/shared/config.yml] action create (up to date)'],
  [60, '  * service[webapp] action restart'],
  [10, '    - restart service service[webapp]'],
  [40, ''],
  [30, 'Running handlers:'],
  [10, 'Running handlers complete'],
  [10, 'Infra Phase complete, 3/12 resources updated in 02 seconds'],
  [0, 'Chef Infra Client finished, 3/12 resources updated in 02 seconds'],
]
for (const [wait, line] of lines) {
  if (wait > 0) await sleep(wait)
  process.stdout.write(`${line}\n`)
}
