// The Live Content API on the local lake, as the Presentation tool uses it through @sanity/client: a public stream of
// published sync tags, a token-only stream that includes drafts, the CORS check, and sync tags on query results.
import http from 'node:http'
import {firstValueFrom, filter, take, toArray, type Observable} from 'rxjs'
import type {LiveEvent} from '@sanity/client'
import {SYNC_TAG_DRAFTS, SYNC_TAG_PUBLISHED} from '@/lib/offline/lake/live'
import {demoLakeForFile, lakeClientAt, TEST_LAKE_TOKEN} from '../../../support/lake'

const {apiHost, call} = demoLakeForFile()
const ARTICLE = 'article-facial-recognition-police'

/** The next `count` message events of a live stream, once it has said welcome. */
async function nextMessages(events: Observable<LiveEvent>, count: number, act: () => Promise<unknown>) {
  const welcomed = firstValueFrom(events.pipe(filter((event) => event.type === 'welcome')))
  const messages = firstValueFrom(
    events.pipe(
      filter((event) => event.type === 'message'),
      take(count),
      toArray(),
    ),
  )
  await welcomed
  await act()
  return (await messages) as Extract<LiveEvent, {type: 'message'}>[]
}

describe('the Live Content API of the local lake', () => {
  it('streams published tags to a client without a token, and never a draft’s', async () => {
    const writer = lakeClientAt(apiHost(), TEST_LAKE_TOKEN)
    const reader = lakeClientAt(apiHost())
    const messages = await nextMessages(reader.live.events(), 1, async () => {
      // a draft edit first: it must not show on the public stream, so the first message is the published one
      await writer.createOrReplace({_id: `drafts.${ARTICLE}`, _type: 'article', title: 'A draft nobody may see'})
      await writer.patch(ARTICLE).set({title: 'Published for everyone'}).commit()
    })
    expect(messages[0].tags).toEqual([SYNC_TAG_PUBLISHED])
    expect(messages[0].id).toMatch(/\S/)
  })

  it('streams draft tags only with the token, which @sanity/client sends as a header', async () => {
    const raw = await fetch(`${apiHost()}/v2025-02-19/data/live/events/production?includeDrafts=true`)
    expect(raw.status).toBe(401)
    expect(await raw.text()).toMatch(/token/)

    const writer = lakeClientAt(apiHost(), TEST_LAKE_TOKEN)
    const messages = await nextMessages(writer.live.events({includeDrafts: true}), 1, () =>
      writer.createOrReplace({_id: `drafts.${ARTICLE}`, _type: 'article', title: 'A draft for editors'}),
    )
    expect(messages[0].tags).toEqual([SYNC_TAG_DRAFTS])
  })

  it('gives every query result the sync tags its perspective depends on', async () => {
    const published = await call('GET', `/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*)')}&perspective=published`)
    expect(published.body.syncTags).toEqual([SYNC_TAG_PUBLISHED])
    const drafts = await call('GET', `/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*)')}&perspective=drafts`)
    expect(drafts.body.syncTags).toEqual([SYNC_TAG_PUBLISHED, SYNC_TAG_DRAFTS])
  })

  it('answers the CORS check for loopback pages, and refuses other sites before any route', async () => {
    const local = await fetch(`${apiHost()}/v2025-02-19/check/cors`, {headers: {Origin: 'http://localhost:3000'}})
    expect(local.status).toBe(200)
    expect(await local.json()).toEqual({result: {allowed: true, withCredentials: true}})
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    const foreign = await fetch(`${apiHost()}/v2025-02-19/check/cors`, {headers: {Origin: 'https://evil.example'}})
    expect(foreign.status).toBe(403)
    // the public stream too: a page on another site that rebinds its name to 127.0.0.1 (fetch() cannot forge Host)
    const rebound = await new Promise<number>((resolve, reject) =>
      http
        .get(`${apiHost()}/v2025-02-19/data/live/events/production`, {headers: {Host: 'evil.example'}}, (res) => {
          res.resume()
          resolve(res.statusCode!)
        })
        .on('error', reject),
    )
    expect(rebound).toBe(403)
  })
})
