// Shared by the official-client test files: configuration, the fetch rewrite, tokens and small helpers.
//
// Environment:
//   CL_BASE                     server origin, e.g. http://127.0.0.1:5000 (required)
//   CL_ORG                      organization slug (required)
//   CL_CLIENT_ID                integration application client_id (required)
//   CL_CLIENT_SECRET            integration application client_secret (required)
//   CL_SALES_CHANNEL_CLIENT_ID  sales channel application client_id, same organization and mode (required)
//   CL_DOMAIN                   domain the clients build URLs with (default commercelayer.io)
//   CL_MODE                     mode of both applications, test or live (default test)
//   CL_MAX_EXPIRY_WAIT_SECONDS  the expired-token test waits for a sales-channel token to expire only if it
//                               lives at most this long (default 20); start the server with a short
//                               --Clientele:Tokens:SalesChannelSeconds for it to run
//

import assert from 'node:assert/strict'
import { authenticate } from '@commercelayer/js-auth'
import { CommerceLayerStatic } from '@commercelayer/sdk'
import { CommerceLayer } from '@commercelayer/sdk/bundle'

export const env = process.env
const missing = ['CL_BASE', 'CL_ORG', 'CL_CLIENT_ID', 'CL_CLIENT_SECRET', 'CL_SALES_CHANNEL_CLIENT_ID'].filter((k) => !env[k])
if (missing.length > 0) throw new Error(`missing environment variable(s): ${missing.join(', ')}`)

export const BASE = new URL(env.CL_BASE)
export const ORG = env.CL_ORG
export const DOMAIN = env.CL_DOMAIN || 'commercelayer.io'
export const MODE = env.CL_MODE || 'test'
export const INTEGRATION = { clientId: env.CL_CLIENT_ID, clientSecret: env.CL_CLIENT_SECRET }
export const SALES_CHANNEL = { clientId: env.CL_SALES_CHANNEL_CLIENT_ID }
export const MAX_EXPIRY_WAIT_MS = Number(env.CL_MAX_EXPIRY_WAIT_SECONDS || 20) * 1000

// ---- transport: every https://<domain> or https://*.<domain> URL goes to CL_BASE ----

/** Every exchange, newest last, so tests can check which requests the clients actually made. */
export const exchanges = []
const realFetch = globalThis.fetch

export function toServer(input) {
  const url = new URL(String(input))
  if (url.protocol === 'https:' && (url.hostname === DOMAIN || url.hostname.endsWith(`.${DOMAIN}`))) {
    url.protocol = BASE.protocol
    url.host = BASE.host
    url.pathname = BASE.pathname.replace(/\/$/, '') + url.pathname
  }
  return url
}

export async function clFetch(input, init) {
  const isRequest = input instanceof Request
  const url = toServer(isRequest ? input.url : input)
  const method = (isRequest ? input.method : init?.method) || 'GET'
  const response = await (isRequest ? realFetch(new Request(url, input), init) : realFetch(url, init))
  exchanges.push({ method, path: url.pathname, status: response.status })
  return response
}

globalThis.fetch = clFetch // js-auth has no fetch option

// ---- helpers ----

export const sdk = (accessToken, options = {}) =>
  CommerceLayer({ organization: ORG, domain: DOMAIN, accessToken, fetch: clFetch, timeout: 15000, ...options })

let counter = 0
export const unique = (prefix) => `${prefix}-${Date.now()}-${process.pid}-${++counter}`
export const newEmail = (prefix) => `${unique(prefix)}@example.com`
export const PASSWORD = 'Correct-Horse-42'

export function assertToken(auth, what) {
  assert.equal(auth.errors, undefined, `${what}: token endpoint answered ${JSON.stringify(auth.errors)}`)
  assert.equal(typeof auth.accessToken, 'string', `${what}: no access token`)
  assert.equal(auth.accessToken.split('.').length, 3, `${what}: the access token is not a JWT`)
  assert.equal(auth.tokenType, 'bearer')
  assert.ok(Number.isInteger(auth.expiresIn) && auth.expiresIn > 0, `${what}: expires_in is ${auth.expiresIn}`)
  assert.ok(Number.isInteger(auth.createdAt), `${what}: created_at is ${auth.createdAt}`)
  assert.ok(auth.expires instanceof Date, `${what}: js-auth computed no expiry`)
}

/** Runs fn, which must fail with the SDK's ApiError; returns that error. */
export async function apiError(fn) {
  try {
    await fn()
  } catch (e) {
    assert.ok(CommerceLayerStatic.isApiError(e), `expected an ApiError, got ${e?.name}: ${e?.message}`)
    return e
  }
  assert.fail('expected an ApiError, but the call succeeded')
}

export const integrationToken = async () => {
  const auth = await authenticate('client_credentials', { ...INTEGRATION, domain: DOMAIN })
  assertToken(auth, 'integration token')
  return auth.accessToken
}

export const guestToken = async () => {
  const auth = await authenticate('client_credentials', { ...SALES_CHANNEL, domain: DOMAIN })
  assertToken(auth, 'guest token')
  return auth
}

export const login = async (username, password = PASSWORD) => {
  const auth = await authenticate('password', { ...SALES_CHANNEL, username, password, domain: DOMAIN })
  assertToken(auth, 'customer token')
  return auth
}

/** A customer signed up through the integration, with PASSWORD. */
export async function createCustomer(prefix) {
  const email = newEmail(prefix)
  const customer = await sdk(await integrationToken()).customers.create({ email, password: PASSWORD })
  return { id: customer.id, email }
}

