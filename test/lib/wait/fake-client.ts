// A ChefClient for tests, backed by the scripted server. Signing is tested elsewhere, so signedFetch is
// plain fetch, but it is reached through the same ChefClient interface the CLI uses.
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import type {ChefClient} from '../../../src/lib/http/types.js'

export function fakeClient(baseUrl: string): ChefClient {
  const unused = (): never => {
    throw new Error('not used by the wait code')
  }
  return {
    baseUrl,
    async get<T>(path: string): Promise<T> {
      const response = await fetch(`${baseUrl}/${path}`, {headers: {Accept: 'application/json'}})
      const text = await response.text()
      if (response.ok) return JSON.parse(text) as T
      const code = response.status === 404 ? ExitCode.NotFound : response.status === 401 || response.status === 403 ? ExitCode.Auth : ExitCode.Server
      throw new PushyError(`HTTP ${response.status}`, code, {status: response.status})
    },
    signedFetch: (url, init) => fetch(url, init),
    getBytes: unused,
    post: unused,
    put: unused,
  }
}
