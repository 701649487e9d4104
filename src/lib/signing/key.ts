import {createPrivateKey, type KeyObject} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {usageError} from '../errors.js'

const PEM_PRIVATE = /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/

/**
 * Parses a PKCS#1 or PKCS#8 PEM private key once. `source` names where it came from (a path,
 * or "the credentials profile 'x'") so the error says which file to fix.
 */
export function parsePrivateKey(pem: string, source: string): KeyObject {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw usageError(`the private key ${source} is encrypted`, 'Chef keys must be unencrypted: openssl rsa -in KEY -out KEY.pem')
  }

  if (!PEM_PRIVATE.test(pem)) {
    throw usageError(`the private key ${source} is not a PEM private key`, 'give -k the path of the client.pem the Chef server issued')
  }

  let key: KeyObject
  try {
    key = createPrivateKey({key: pem, format: 'pem'})
  } catch (error) {
    throw usageError(`the private key ${source} cannot be read: ${(error as Error).message}`, 'check that it is the whole PEM file the Chef server issued')
  }

  if (key.asymmetricKeyType !== 'rsa') {
    throw usageError(`the private key ${source} is a ${key.asymmetricKeyType} key`, 'Chef signs with RSA keys')
  }

  return key
}

export function readPrivateKey(path: string): KeyObject {
  let pem: string
  try {
    pem = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${code})`
    throw usageError(`the private key ${path} ${why}`, 'set client_key in your knife config or pass -k PATH')
  }

  return parsePrivateKey(pem, path)
}
