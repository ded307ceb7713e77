// A shopper's whole life through the official clients: sign-up with a guest token, login, address book,
// newsletter subscription, orders that move the customer from prospect to acquired to repeat, a password reset
// that ends every old session, a private market whose price list reaches the customer's token, and an
// anonymization request. Configuration: see support.mjs.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { authenticate, jwtDecode } from '@commercelayer/js-auth'
import { DOMAIN, PASSWORD, SALES_CHANNEL, apiError, guestToken, integrationToken, login, newEmail, sdk, unique } from './support.mjs'

describe('a shopper journey', () => {
  const email = newEmail('journey')
  const state = { password: PASSWORD }
  // Each step logs in afresh: the suite's server gives sales-channel tokens a lifetime of a few seconds.
  const asCustomer = async () => sdk((await login(email, state.password)).accessToken)

  test('signs up with a guest token and logs in', async () => {
    const guest = sdk((await guestToken()).accessToken)
    const created = await guest.customers.create({ email, password: PASSWORD })
    const auth = await login(email)

    assert.equal(created.status, 'prospect')
    assert.equal(auth.ownerId, created.id)
    state.id = created.id
  })

  test('keeps an address book', async () => {
    const own = await asCustomer()
    const address = await own.addresses.create({
      first_name: 'Ada', last_name: 'Lovelace', line_1: '12 Analytical Row', city: 'London', zip_code: 'N1 9GU',
      country_code: 'GB', phone: '+44 20 7946 0000',
    })
    const entry = await own.customer_addresses.create({
      customer: own.customers.relationship(state.id), address: own.addresses.relationship(address.id),
    })
    const book = await own.customer_addresses.list({ include: ['address'] })

    assert.equal(book.length, 1)
    assert.equal(book.first().id, entry.id)
    assert.equal(book.first().address?.id, address.id)
    assert.equal(book.first().address?.city, 'London')
  })

  test('subscribes to the newsletter', async () => {
    const own = await asCustomer()
    const subscription = await own.customer_subscriptions.create({ customer_email: email, reference: 'newsletter' })
    const again = await apiError(() => own.customer_subscriptions.create({ customer_email: email, reference: 'newsletter' }))

    assert.equal(subscription.reference, 'newsletter')
    assert.equal(again.status, 422)
  })

  test('places orders and moves from prospect to acquired to repeat', async () => {
    const own = await asCustomer()
    const statuses = []
    for (const cents of [1200, 3400]) {
      const order = await own.orders.create({ customer_email: email, currency_code: 'EUR', total_amount_cents: cents })
      assert.equal(order.status, 'draft')
      const placed = await own.orders.update({ id: order.id, _place: true })
      assert.equal(placed.status, 'placed')
      statuses.push((await own.customers.retrieve(state.id)).status)
    }
    const customer = await own.customers.retrieve(state.id)

    assert.deepEqual(statuses, ['acquired', 'repeat'])
    assert.equal(customer.total_orders_count, 2)
  })

  test('resets a forgotten password, which ends every old session', async () => {
    const old = await login(email, state.password)
    const integration = sdk(await integrationToken())
    const reset = await integration.customer_password_resets.create({ customer_email: email })
    assert.equal(typeof reset.reset_password_token, 'string')

    const guest = sdk((await guestToken()).accessToken)
    const done = await guest.customer_password_resets.update({
      id: reset.id, customer_password: 'A-brand-new-secret-7', _reset_password_token: reset.reset_password_token,
    })
    assert.ok(done.reset_password_at, 'reset_password_at is not set')

    const oldAccess = await apiError(() => sdk(old.accessToken).customers.retrieve(state.id))
    assert.equal(oldAccess.status, 401)
    assert.equal(oldAccess.errors[0].code, 'INVALID_TOKEN')
    const oldRefresh = await authenticate('refresh_token', { ...SALES_CHANNEL, refreshToken: old.refreshToken, domain: DOMAIN })
    assert.equal(oldRefresh.errors?.[0]?.title, 'invalid_grant')
    state.password = 'A-brand-new-secret-7'
    const fresh = await login(email, state.password)
    assert.equal(fresh.ownerId, state.id)
  })

  test('a private market gives its group members their price list, and nobody else', async () => {
    const integration = sdk(await integrationToken())
    const group = await integration.customer_groups.create({ name: unique('VIP') })
    const priceList = await integration.price_lists.create({ name: unique('VIP prices'), currency_code: 'EUR' })
    const code = unique('vip').toLowerCase()
    const market = await integration.markets.create({
      name: unique('VIP market'), code,
      price_list: integration.price_lists.relationship(priceList.id),
      customer_group: integration.customer_groups.relationship(group.id),
    })
    await integration.customers.update({ id: state.id, customer_group: integration.customer_groups.relationship(group.id) })
    const outsider = newEmail('outsider')
    await integration.customers.create({ email: outsider, password: PASSWORD })

    const member = await authenticate('password', { ...SALES_CHANNEL, username: email, password: state.password, scope: `market:code:${code}`, domain: DOMAIN })
    const refused = await authenticate('password', { ...SALES_CHANNEL, username: outsider, password: PASSWORD, scope: `market:code:${code}`, domain: DOMAIN })

    assert.equal(member.errors, undefined, JSON.stringify(member.errors))
    const { payload } = jwtDecode(member.accessToken)
    assert.deepEqual(payload.market.id, [market.id])
    assert.equal(payload.market.price_list_id, priceList.id)
    assert.equal(refused.errors?.[0]?.title, 'invalid_scope')
  })

  test('asks to be anonymized, which an integration can cancel within the grace period', async () => {
    const integration = sdk(await integrationToken())
    const requested = await integration.customers.update({ id: state.id, _request_anonymization: true })
    const cancelled = await integration.customers.update({ id: state.id, _cancel_anonymization: true })

    assert.equal(requested.anonymization_status, 'requested')
    assert.equal(cancelled.anonymization_status, 'cancelled')
  })
})
