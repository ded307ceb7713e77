// Clientele driven by the official, unmodified Commerce Layer clients: @commercelayer/sdk and
// @commercelayer/js-auth, at the exact versions pinned in package.json.
//
// Both clients build https://auth.<domain>/oauth/token and https://<slug>.<domain>/api/... URLs, so every
// request goes through `clFetch`, which sends those URLs to CL_BASE with the same path and query. The SDK takes
// it through its `fetch` option; js-auth has no such option and calls the global fetch, which is replaced.
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
// Run: npm ci && CL_BASE=... CL_ORG=... CL_CLIENT_ID=... CL_CLIENT_SECRET=... CL_SALES_CHANNEL_CLIENT_ID=... node --test

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { authenticate, jwtDecode } from '@commercelayer/js-auth'
import { CommerceLayerStatic } from '@commercelayer/sdk'
import { ORG, DOMAIN, MODE, INTEGRATION, SALES_CHANNEL, MAX_EXPIRY_WAIT_MS, exchanges, sdk, unique, newEmail, PASSWORD, integrationToken, guestToken, login, assertToken, apiError, createCustomer } from './support.mjs'

// ---- the tests ----

describe('sign-up with a guest token', () => {
  test('a sales channel without a secret gets a guest token that is a sales-channel JWT of the organization', async () => {
    const auth = await guestToken()

    assert.equal(auth.refreshToken, undefined)
    assert.equal(auth.ownerId, undefined)
    const { payload } = jwtDecode(auth.accessToken)
    assert.equal(payload.organization.slug, ORG)
    assert.equal(payload.application.kind, 'sales_channel')
    assert.equal(payload.application.client_id, SALES_CHANNEL.clientId)
    assert.equal(payload.application.public, true)
    assert.equal(payload.test, MODE === 'test')
    assert.equal(payload.owner, undefined)
    assert.equal(payload.iss, `https://auth.${DOMAIN}`)
    assert.equal(payload.exp - payload.iat, auth.expiresIn)
  })

  test('customers.create with the guest token signs up a customer with the canonical email', async () => {
    const guest = sdk((await guestToken()).accessToken)
    const local = unique('Sign.Up')

    const customer = await guest.customers.create({ email: `  ${local}@Example.COM `, password: PASSWORD })

    assert.equal(customer.type, 'customers')
    assert.match(customer.id, /^[A-Za-z0-9]{10}$/)
    assert.equal(customer.email, `${local.toLowerCase()}@example.com`)
    assert.equal(customer.has_password, true)
    assert.equal(customer.status, 'prospect')
    assert.equal(customer.total_orders_count, 0)
    assert.deepEqual(customer.metadata, {})
    assert.equal('password' in customer, false)
    assert.match(customer.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    assert.equal(customer.created_at, customer.updated_at)
  })

  test('the guest token may not list customers', async () => {
    const guest = sdk((await guestToken()).accessToken)

    const error = await apiError(() => guest.customers.list())

    assert.equal(error.status, 401)
    assert.equal(error.errors[0].code, 'UNAUTHORIZED')
  })
})

describe('login with the password grant', () => {
  test('js-auth authenticate("password") returns a customer token and a refresh token for that customer', async () => {
    const { id, email } = await createCustomer('login')

    const auth = await login(email.toUpperCase())

    assert.equal(auth.ownerId, id)
    assert.equal(auth.ownerType, 'customer')
    assert.equal(typeof auth.refreshToken, 'string')
    assert.ok(auth.refreshToken.length >= 20, 'refresh token too short')
    const { payload } = jwtDecode(auth.accessToken)
    assert.deepEqual(payload.owner, { id, type: 'Customer' })
    assert.equal(payload.organization.slug, ORG)
    assert.equal(payload.application.kind, 'sales_channel')
  })

  test('a wrong password and an unknown email get the same invalid_grant answer', async () => {
    const { email } = await createCustomer('wrong-password')

    const wrong = await authenticate('password', { ...SALES_CHANNEL, username: email, password: 'Not-The-Password-1', domain: DOMAIN })
    const unknown = await authenticate('password', { ...SALES_CHANNEL, username: newEmail('nobody'), password: PASSWORD, domain: DOMAIN })

    assert.equal(wrong.accessToken, undefined)
    assert.equal(wrong.errors.length, 1)
    assert.equal(wrong.errors[0].title, 'invalid_grant')
    assert.equal(wrong.errors[0].code, 'UNAUTHORIZED')
    assert.equal(wrong.errors[0].status, 401)
    assert.deepEqual(unknown.errors, wrong.errors)
  })

  test('the password grant is refused to an integration application', async () => {
    const { email } = await createCustomer('integration-login')

    const auth = await authenticate('password', { ...INTEGRATION, username: email, password: PASSWORD, domain: DOMAIN })

    assert.equal(auth.accessToken, undefined)
    assert.equal(auth.errors[0].title, 'unauthorized_client')
    assert.equal(auth.errors[0].status, 401)
  })
})

describe('the customer token', () => {
  test('reads its own record', async () => {
    const { id, email } = await createCustomer('own')
    const own = sdk((await login(email)).accessToken)

    const customer = await own.customers.retrieve(id)

    assert.equal(customer.id, id)
    assert.equal(customer.email, email)
    assert.equal(customer.has_password, true)
  })

  test('lists only its own record', async () => {
    const { id, email } = await createCustomer('own-list')
    await createCustomer('someone-else')
    const own = sdk((await login(email)).accessToken)

    const list = await own.customers.list()

    assert.deepEqual(Array.from(list, (c) => c.id), [id])
    assert.equal(list.meta.recordCount, 1)
    assert.equal(list.meta.pageCount, 1)
  })

  test('gets 404 RECORD_NOT_FOUND for another customer', async () => {
    const { email } = await createCustomer('prober')
    const other = await createCustomer('probed')
    const own = sdk((await login(email)).accessToken)

    const error = await apiError(() => own.customers.retrieve(other.id))

    assert.equal(error.status, 404)
    assert.equal(error.errors[0].code, 'RECORD_NOT_FOUND')
  })
})

describe('refresh', () => {
  test('the refresh_token grant gives new tokens for the same customer, and the old refresh token then fails', async () => {
    const { id, email } = await createCustomer('refresh')
    const first = await login(email)

    const second = await authenticate('refresh_token', { ...SALES_CHANNEL, refreshToken: first.refreshToken, domain: DOMAIN })
    assertToken(second, 'refreshed token')
    const reused = await authenticate('refresh_token', { ...SALES_CHANNEL, refreshToken: first.refreshToken, domain: DOMAIN })
    const third = await authenticate('refresh_token', { ...SALES_CHANNEL, refreshToken: second.refreshToken, domain: DOMAIN })

    assert.equal(second.ownerId, id)
    assert.equal(second.ownerType, 'customer')
    assert.notEqual(second.accessToken, first.accessToken)
    assert.equal(typeof second.refreshToken, 'string')
    assert.notEqual(second.refreshToken, first.refreshToken)
    assert.deepEqual(jwtDecode(second.accessToken).payload.owner, { id, type: 'Customer' })
    assert.equal((await sdk(second.accessToken).customers.retrieve(id)).email, email)

    assert.equal(reused.accessToken, undefined)
    assert.equal(reused.errors[0].title, 'invalid_grant')
    assert.equal(reused.errors[0].status, 401)

    assertToken(third, 'second refresh')
    assert.equal(third.ownerId, id)
  })

  test('an expired access token is refreshed through the SDK refreshToken option and the request retried', async (t) => {
    const { id, email } = await createCustomer('expired')
    const session = await login(email)
    const lifetimeMs = session.expiresIn * 1000
    if (lifetimeMs > MAX_EXPIRY_WAIT_MS) {
      t.skip(`sales-channel tokens live ${session.expiresIn} s; start the server with a short Clientele:Tokens:SalesChannelSeconds`)
      return
    }
    const expiresAtMs = jwtDecode(session.accessToken).payload.exp * 1000
    await sleep(Math.max(0, expiresAtMs - Date.now()) + 1100)
    assert.equal(CommerceLayerStatic.isTokenExpired(session.accessToken), true)

    const withoutRefresh = await apiError(() => sdk(session.accessToken).customers.retrieve(id))
    assert.equal(withoutRefresh.status, 401)
    assert.equal(withoutRefresh.errors[0].code, 'INVALID_TOKEN')

    let refreshToken = session.refreshToken
    const calls = []
    const client = sdk(session.accessToken, {
      refreshToken: async (expiredAccessToken) => {
        calls.push(expiredAccessToken)
        const fresh = await authenticate('refresh_token', { ...SALES_CHANNEL, refreshToken, domain: DOMAIN })
        assertToken(fresh, 'token from the refreshToken callback')
        refreshToken = fresh.refreshToken
        return fresh.accessToken
      },
    })
    const seen = exchanges.length

    const customer = await client.customers.retrieve(id)

    assert.equal(customer.id, id)
    assert.equal(customer.email, email)
    assert.deepEqual(calls, [session.accessToken])
    assert.notEqual(client.currentAccessToken, session.accessToken)
    assert.deepEqual(jwtDecode(client.currentAccessToken).payload.owner, { id, type: 'Customer' })
    assert.deepEqual(
      exchanges.slice(seen).map((e) => `${e.method} ${e.path} ${e.status}`),
      [`GET /api/customers/${id} 401`, 'POST /oauth/token 200', `GET /api/customers/${id} 200`],
    )
    assert.notEqual(refreshToken, session.refreshToken)
  })
})

describe('validation errors', () => {
  test('a duplicate email is an ApiError 422 VALIDATION_ERROR on /data/attributes/email', async () => {
    const cl = sdk(await integrationToken())
    const email = newEmail('duplicate')
    await cl.customers.create({ email })

    const error = await apiError(() => cl.customers.create({ email: email.toUpperCase() }))

    assert.equal(error.status, 422)
    assert.equal(error.errors.length, 1)
    const [first] = error.errors
    assert.equal(first.code, 'VALIDATION_ERROR')
    assert.equal(first.status, '422')
    assert.deepEqual(first.source, { pointer: '/data/attributes/email' })
    assert.equal(first.meta.error, 'taken')
  })

  test('a guest signing up with a taken email gets the same 422', async () => {
    const { email } = await createCustomer('guest-duplicate')
    const guest = sdk((await guestToken()).accessToken)

    const error = await apiError(() => guest.customers.create({ email, password: PASSWORD }))

    assert.equal(error.status, 422)
    assert.equal(error.errors[0].code, 'VALIDATION_ERROR')
    assert.equal(error.errors[0].source.pointer, '/data/attributes/email')
  })
})

describe('integration round trip', () => {
  test('create, filtered list, metadata update and delete through the SDK', async () => {
    const cl = sdk(await integrationToken())
    const email = newEmail('round-trip')
    const reference = unique('ref')

    const created = await cl.customers.create({ email, reference, metadata: { tier: 'gold', visits: 3 } })
    const list = await cl.customers.list({ filters: { email_eq: email.toUpperCase() }, pageSize: 5 })
    const updated = await cl.customers.update({ id: created.id, metadata: { tier: 'silver' } })
    await cl.customers.delete(created.id)
    const gone = await apiError(() => cl.customers.retrieve(created.id))

    assert.deepEqual(created.metadata, { tier: 'gold', visits: 3 })
    assert.equal(created.reference, reference)
    assert.equal(created.has_password, false)
    assert.deepEqual(Array.from(list, (c) => c.id), [created.id])
    assert.equal(list.meta.recordCount, 1)
    assert.deepEqual(updated.metadata, { tier: 'silver' })
    assert.equal(updated.reference, reference)
    assert.equal(gone.status, 404)
    assert.equal(gone.errors[0].code, 'RECORD_NOT_FOUND')
    assert.equal(exchanges.filter((e) => e.method === 'DELETE' && e.path === `/api/customers/${created.id}`).at(-1)?.status, 204)
  })
})

describe('address book, wallet and subscriptions', () => {
  test('the SDK books an address, saves a payment source with its gateway reference and subscribes a customer', async () => {
    const cl = sdk(await integrationToken())
    const { id: customerId, email } = await createCustomer('book')

    const address = await cl.addresses.create({
      first_name: 'John', last_name: 'Smith', line_1: '2883 Geraldine Lane', city: 'New York', zip_code: '10013',
      state_code: 'NY', country_code: 'us', phone: '(212) 646-338-1228', lat: 40.6971494, lng: -74.2598672,
    })
    const entry = await cl.customer_addresses.create({
      customer_email: email, customer: cl.customers.relationship(customerId), address: cl.addresses.relationship(address.id),
    }, { include: ['address'] })
    const source = await cl.customer_payment_sources.create({
      customer_token: 'cus_1', customer: cl.customers.relationship(customerId),
      payment_source: { type: 'stripe_payments', id: 'pm_42' },
    })
    const subscription = await cl.customer_subscriptions.create({ customer_email: email, reference: unique('news') })
    const withAll = await cl.customers.retrieve(customerId, { include: ['customer_addresses', 'customer_payment_sources', 'customer_subscriptions'] })

    assert.equal(address.country_code, 'US')
    assert.equal(address.lat, 40.6971494)
    assert.equal(address.full_address, '2883 Geraldine Lane, 10013 New York NY (US) (212) 646-338-1228')
    assert.equal(entry.name, `John Smith, ${address.full_address}`)
    assert.equal(entry.customer_email, email)
    assert.equal(entry.address.id, address.id)
    assert.deepEqual(source.payment_source, { type: 'stripe_payments', id: 'pm_42' })
    assert.equal(source.name, 'Stripe payment pm_42')
    assert.equal(subscription.customer_email, email)
    assert.deepEqual(withAll.customer_addresses.map((e) => e.id), [entry.id])
    assert.deepEqual(withAll.customer_payment_sources.map((s) => s.id), [source.id])
    assert.deepEqual(withAll.customer_subscriptions.map((s) => s.id), [subscription.id])
  })
})
