// The start-up floor: the least a Node program can do to answer `pushy job status ID` — read the
// key, sign one GET with Chef's protocol 1.1 (exactly as src/lib/signing does: SHA-1 content hash,
// hashed path and user id, RSA PKCS#1 v1.5 private-key encryption), send it with node:http, print
// the body. Nothing else: no config discovery, no argument parser, no rendering.
//
// usage: node get.mjs URL USER KEY_PATH   (exit 0 only on a 200)
import {constants, createHash, createPrivateKey, privateEncrypt} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {request} from 'node:http'

const [url, userId, keyPath] = process.argv.slice(2)
const target = new URL(url)
const sha1 = (data) => createHash('sha1').update(data).digest('base64')
const key = createPrivateKey(readFileSync(keyPath, 'utf8'))
const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
const contentHash = sha1('')
const path = target.pathname.replaceAll(/\/+/g, '/').replace(/(.)\/$/, '$1')
const text = [`Method:GET`, `Hashed Path:${sha1(path)}`, `X-Ops-Content-Hash:${contentHash}`, `X-Ops-Timestamp:${timestamp}`, `X-Ops-UserId:${sha1(userId)}`].join('\n')
const signature = privateEncrypt({key, padding: constants.RSA_PKCS1_PADDING}, Buffer.from(text)).toString('base64')

const headers = {
  Accept: 'application/json',
  'User-Agent': 'pushy-floor/1',
  'X-Chef-Version': '18.0.0',
  'X-Ops-Sign': 'algorithm=sha1;version=1.1;',
  'X-Ops-Userid': userId,
  'X-Ops-Timestamp': timestamp,
  'X-Ops-Content-Hash': contentHash,
  'X-Ops-Server-API-Version': '1',
}
for (const [i, line] of (signature.match(/.{1,60}/g) ?? []).entries()) headers[`X-Ops-Authorization-${i + 1}`] = line

const req = request(target, {method: 'GET', headers}, (res) => {
  const chunks = []
  res.on('data', (c) => chunks.push(c))
  res.on('end', () => {
    process.stdout.write(Buffer.concat(chunks))
    process.stdout.write('\n')
    process.exitCode = res.statusCode === 200 ? 0 : 1
    if (res.statusCode !== 200) process.stderr.write(`floor: HTTP ${res.statusCode}\n`)
  })
})
req.on('error', (error) => {
  process.stderr.write(`floor: ${error.message}\n`)
  process.exitCode = 1
})
req.end()
