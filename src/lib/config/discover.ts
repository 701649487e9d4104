// Where knife looks for its config file (chef-config workstation_config_loader.rb, locate_local_config).
import {existsSync, readdirSync, statSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

export interface SearchPlaces {
  cwd: string
  env: NodeJS.ProcessEnv
  home: string
}

const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory()

/**
 * The nearest `.chef` directory at or above `cwd`. Like knife, the search stops at the first one
 * found even if it holds no config file; knife then goes straight to ~/.chef.
 */
export function nearestChefDir(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (isDirectory(join(dir, '.chef'))) return join(dir, '.chef')
    if (dir === dirname(dir)) return undefined
  }
}

/** Knife's candidates in order, config.rb before knife.rb in each place; the first that exists wins. */
export function configCandidates({cwd, env, home}: SearchPlaces): string[] {
  const places = [env.KNIFE_HOME, cwd, nearestChefDir(cwd), join(home, '.chef')]
  return places.filter((place): place is string => Boolean(place)).flatMap((place) => [join(place, 'config.rb'), join(place, 'knife.rb')])
}

export function locateConfigFile(places: SearchPlaces): string | undefined {
  return configCandidates(places).find((candidate) => existsSync(candidate))
}

/** The `config.d/*.rb` files knife loads after the config file, in name order. */
export function dotDFiles(dir: string): string[] {
  if (!isDirectory(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.endsWith('.rb'))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort()
}
