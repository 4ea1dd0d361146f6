// What the Studio asks the lake beyond the data API in a normal session (help, offers, schema descriptors,
// telemetry consent, ping), answered so that a session logs no failed request.
import {processSchemaSynchronization} from '@sanity/schema/_internal'
import {demoLakeForFile} from '../../../support/lake'

const {call} = demoLakeForFile()

describe('a quiet session: what the Studio asks beyond the data API', () => {
  it('has no help resources, so the help menu shows its own links', async () => {
    expect(await call('GET', '/v1/help?m=sanity%405.31.2&locale=en-US')).toEqual({status: 200, body: {}})
  })

  it('has no offer on any journey (trial, limits, comments)', async () => {
    for (const journey of ['trial?studioVersion=5.31.2', 'asset-limit', 'document-limit', 'comments']) {
      expect(await call('GET', `/v2025-02-19/journey/${journey}`)).toEqual({status: 200, body: null})
    }
  })

  it('claims the schema descriptor as synchronized, so the Studio sends nothing more', async () => {
    const claim = await call('POST', '/v2025-02-19/descriptors/claim', {body: {descriptorId: 'd1', contextKey: 'dataset:x:production'}})
    expect(claim).toMatchObject({status: 200, body: {synchronization: {type: 'complete'}}})
    expect(Date.parse(claim.body.expiresAt)).toBeGreaterThan(Date.now())
    // the Studio's own next step, given that answer: none
    expect(processSchemaSynchronization({set: {id: 'd1'}} as never, claim.body.synchronization)).toBeNull()
  })

  it('has no telemetry consent, and drops the usage beacon sent on page hide (which carries no token)', async () => {
    expect(await call('GET', '/v2025-02-19/intake/telemetry-status')).toEqual({status: 200, body: {status: 'denied'}})
    expect(await call('POST', '/v2023-12-18/intake/batch', {token: false, body: {projectId: 'x', batch: []}})).toEqual({
      status: 200,
      body: {},
    })
  })

  it('answers the data ping, a bare fetch without the token', async () => {
    expect(await call('GET', '/v2025-02-19/data/ping/production', {token: false})).toEqual({status: 200, body: 'PONG'})
    expect((await call('GET', '/v2025-02-19/data/ping/staging', {token: false})).status).toBe(404)
  })
})
