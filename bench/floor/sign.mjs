// The `job output` floor: the signing alone. Reads the key and signs COUNT GETs of different
// paths with Chef's protocol 1.1 exactly as get.mjs does (and src/lib/signing: SHA-1 content
// hash, hashed path and user id, RSA PKCS#1 v1.5 private-key encryption); nothing is sent.
// What `pushy job output` of COUNT nodes cannot go below, one signature per request.
//
// usage: node sign.mjs COUNT USER KEY_PATH   (prints the number of signatures made)
import {constants, createHash, createPrivateKey, privateEncrypt} from 'node:crypto'
import {readFileSync} from 'node:fs'

const [count, userId, keyPath] = process.argv.slice(2)
const sha1 = (data) => createHash('sha1').update(data).digest('base64')
const key = createPrivateKey(readFileSync(keyPath, 'utf8'))
const contentHash = sha1('')
let made = 0
for (let i = 0; i < Number(count); i++) {
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  const path = `/organizations/pushy/pushy/jobs/0123456789abcdef0123456789abcdef/output/app-${i}/stdout`
  const text = [`Method:GET`, `Hashed Path:${sha1(path)}`, `X-Ops-Content-Hash:${contentHash}`, `X-Ops-Timestamp:${timestamp}`, `X-Ops-UserId:${sha1(userId)}`].join('\n')
  const signature = privateEncrypt({key, padding: constants.RSA_PKCS1_PADDING}, Buffer.from(text)).toString('base64')
  if (signature.length > 0) made += 1
}
process.stdout.write(`${made} signatures\n`)
