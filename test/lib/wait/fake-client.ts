// The client the wait tests use against the scripted server: pushy's real signed client (the same
// transport and error meanings as the CLI), without retries so that scripted failures reach the
// waiting code at once. The scripted server does not check signatures; signing is tested elsewhere.
import {createChefClient} from '../../../src/lib/http/client.js'
import type {ChefClient} from '../../../src/lib/http/types.js'
import {settingsFor} from '../http/signed-server.js'

export const fakeClient = (baseUrl: string): ChefClient => createChefClient({settings: settingsFor(baseUrl), retry: {limit: 0}})
