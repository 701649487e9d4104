import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {checkServerIdentity, rootCertificates, type PeerCertificate} from 'node:tls'
import type {Settings} from '../config/types.js'
import {usageError} from '../errors.js'

export interface TlsOptions {
  rejectUnauthorized: boolean
  /** Node's own roots plus the configured ones; undefined = Node's defaults unchanged */
  ca?: string[]
}

const CERT_FILE = /\.(crt|pem)$/i

function readCaFile(path: string, setting: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw usageError(`the ${setting} certificate ${path} cannot be read (${(error as NodeJS.ErrnoException).code})`, `fix ${setting} in your knife config`)
  }
}

function trustedCerts(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (error) {
    // knife's default ~/.chef/trusted_certs often does not exist; that just means "no extra CAs"
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw usageError(`trusted_certs_dir ${dir} cannot be read (${(error as NodeJS.ErrnoException).code})`, 'fix trusted_certs_dir in your knife config')
  }

  return names
    .filter((name) => CERT_FILE.test(name))
    .sort()
    .map((name) => readCaFile(join(dir, name), 'trusted_certs_dir'))
}

/**
 * TLS as knife does it: verified by default; trusted_certs_dir and ssl_ca_file add CAs on top of
 * the usual roots (they never replace them); verify_none turns checking off, with a warning.
 */
export function tlsOptions(settings: Settings, warn?: (line: string) => void): TlsOptions {
  if (settings.sslVerifyMode === 'verify_none') {
    if (new URL(settings.chefServerUrl).protocol === 'https:') {
      warn?.(`ssl_verify_mode is :verify_none: the certificate of ${new URL(settings.chefServerUrl).host} is not checked`)
    }

    return {rejectUnauthorized: false}
  }

  const extra = [
    ...(settings.trustedCertsDir ? trustedCerts(settings.trustedCertsDir) : []),
    ...(settings.sslCaFile ? [readCaFile(settings.sslCaFile, 'ssl_ca_file')] : []),
  ]
  return {rejectUnauthorized: true, ca: extra.length > 0 ? [...rootCertificates, ...extra] : undefined}
}

/**
 * Node's own host name check, called through: got reads `tls.checkServerIdentity` for every
 * request, even over plain HTTP, unless it is given one. With this, the fast bundle's stand-in
 * for node:tls (scripts/build/lazy-builtins.js) loads the module only when a TLS connection
 * checks a certificate, not in every `pushy job status` over HTTP.
 */
export const verifyServerIdentity = (hostname: string, cert: PeerCertificate): Error | undefined => checkServerIdentity(hostname, cert)
