// The zero server's files in its state directory (the engine keeps jobs/ and output/ there too):
//   client.pem        the local user's private key (PKCS#1 PEM, 0600), made once and reused
//   clients/NAME.pub  more principals the server accepts (public or private PEM); read-only members
//   server.json       {url, pid, keyPath, userName} while a server runs, so `-z` can attach to it
import {createPublicKey, generateKeyPairSync, type KeyObject} from 'node:crypto'
import {chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {KeyRing, Principal} from './http/auth.js'
import {CHEF_NAME} from '../job/names.js'

export const KEY_FILE = 'client.pem'
export const CLIENTS_DIR = 'clients'
export const SERVER_FILE = 'server.json'

export interface ServerInfo {
  url: string
  pid: number
  keyPath: string
  userName: string
}

export function ensureStateDir(stateDir: string): void {
  mkdirSync(stateDir, {recursive: true, mode: 0o700})
}

/** The user's key pair: read from client.pem, or generated and written there (mode 0600). */
export function ensureUserKey(stateDir: string): {keyPath: string; publicKey: KeyObject} {
  const keyPath = join(stateDir, KEY_FILE)
  if (!existsSync(keyPath)) {
    const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048, privateKeyEncoding: {type: 'pkcs1', format: 'pem'}, publicKeyEncoding: {type: 'spki', format: 'pem'}})
    try {
      // 'wx': if another server made the key meanwhile, keep theirs (read below).
      writeFileSync(keyPath, privateKey, {mode: 0o600, flag: 'wx'})
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }

  return {keyPath, publicKey: createPublicKey(readFileSync(keyPath, 'utf8'))}
}


/**
 * The admin user plus any `clients/NAME.pub`, looked up on demand so keys added while the
 * server runs are accepted. Names are Chef names only, so a user id cannot escape the directory.
 */
export function stateDirKeyRing(stateDir: string, userName: string, userKey: KeyObject): KeyRing {
  const admin: Principal = {key: userKey, role: 'admin'}
  const cache = new Map<string, Principal>()
  return {
    lookup(userId) {
      if (userId === userName) return admin
      const cached = cache.get(userId)
      if (cached) return cached
      if (!CHEF_NAME.test(userId) || userId === '.' || userId === '..') return undefined
      let pem: string
      try {
        pem = readFileSync(join(stateDir, CLIENTS_DIR, `${userId}.pub`), 'utf8')
      } catch {
        return undefined
      }

      try {
        const principal: Principal = {key: createPublicKey(pem), role: 'member'}
        cache.set(userId, principal)
        return principal
      } catch {
        // An unreadable key file is the same as no key: 401 unknown user.
        return undefined
      }
    },
  }
}

export function writeServerInfo(stateDir: string, info: ServerInfo): void {
  const path = join(stateDir, SERVER_FILE)
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, {mode: 0o600})
  chmodSync(temporary, 0o600)
  renameSync(temporary, path)
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The running server described in the state directory, if its process is still alive and is not
 * this one: a file left by a killed server may carry a pid this process has since been given
 * (pids are reused quickly in containers), and this process serves nothing it does not know of.
 */
export function readServerInfo(stateDir: string): ServerInfo | undefined {
  let info: ServerInfo
  try {
    info = JSON.parse(readFileSync(join(stateDir, SERVER_FILE), 'utf8')) as ServerInfo
  } catch {
    return undefined
  }

  const valid = typeof info.url === 'string' && typeof info.keyPath === 'string' && typeof info.userName === 'string' && Number.isInteger(info.pid)
  return valid && info.pid !== process.pid && isAlive(info.pid) ? info : undefined
}

/** Removes server.json only if it still describes this server (another may have started since). */
export function removeServerInfo(stateDir: string, url: string): void {
  const path = join(stateDir, SERVER_FILE)
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as ServerInfo
    if (info.url !== url || info.pid !== process.pid) return
  } catch {
    return
  }

  rmSync(path, {force: true})
}
