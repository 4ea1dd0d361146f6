import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type {SanityClient, MutationEvent} from '@sanity/client'
import {filter, firstValueFrom, share, take, toArray, type Observable} from 'rxjs'
import {readDataset, type EmbeddedStore} from '@/lib/offline/store/store'
import {lakeClientAt, startTestLake} from '../../../support/lake'
import {copyDemoDataset} from '../../../support/temp-dataset'

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz'
const ARTICLE = 'article-raspberry-pi-5'

let dataset: ReturnType<typeof copyDemoDataset>
let lake: Awaited<ReturnType<typeof startTestLake>>
let store: EmbeddedStore
let apiHost: string
let client: SanityClient

const clientWith = (token?: string) => lakeClientAt(apiHost, token)

/** The file as the store writes it: commits reach it on compaction (after an idle second, or now). */
const onDisk = () => {
  store.compactSync()
  return new Map(readDataset(dataset.file).map((doc) => [doc._id, doc]))
}

beforeEach(async () => {
  dataset = copyDemoDataset({writableImages: true})
  lake = await startTestLake({file: dataset.file, assetsDir: dataset.images, token: TOKEN})
  ;({store, apiHost} = lake)
  client = clientWith(TOKEN)
})

afterEach(async () => {
  await lake.close()
  dataset.remove()
})

describe('security', () => {
  it('answers 401 without the token, and changes nothing', async () => {
    const before = fs.readFileSync(dataset.file)
    const anonymous = clientWith(undefined)
    await expect(anonymous.create({_type: 'topic', title: 'Sneaky'})).rejects.toMatchObject({statusCode: 401})
    await expect(clientWith('wrong-token-0123456789abcdefghijklmnopqrstuvwxyz').fetch('*')).rejects.toMatchObject({statusCode: 401})
    const actions = await fetch(`${apiHost}/v2025-10-01/data/actions/production`, {
      method: 'POST',
      body: JSON.stringify({actions: [{actionType: 'sanity.action.document.delete', publishedId: ARTICLE}]}),
    })
    expect(actions.status).toBe(401)
    expect(fs.readFileSync(dataset.file).equals(before)).toBe(true)
  })

  it('refuses other host names (DNS rebinding) and pages on other sites', async () => {
    const headers = {Authorization: `Bearer ${TOKEN}`}
    // fetch() will not send a forged Host header, so this goes through node:http
    const rebound = await new Promise<number>((resolve, reject) =>
      http
        .get(`${apiHost}/v1/users/me`, {headers: {...headers, Host: 'evil.example'}}, (res) => {
          res.resume()
          resolve(res.statusCode!)
        })
        .on('error', reject),
    )
    expect(rebound).toBe(403)
    const crossSite = await fetch(`${apiHost}/v1/users/me`, {headers: {...headers, Origin: 'https://evil.example'}})
    expect(crossSite.status).toBe(403)
    expect(crossSite.headers.get('access-control-allow-origin')).toBeNull()
    const studio = await fetch(`${apiHost}/v1/users/me`, {headers: {...headers, Origin: 'http://localhost:3000'}})
    expect(studio.status).toBe(200)
    expect(studio.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    expect(studio.headers.get('access-control-allow-credentials')).toBe('true')
  })

  it('answers what the Studio asks at start: the user, the ACL and the project', async () => {
    const get = (uri: string) => client.request({uri})
    expect(await get('/users/me')).toMatchObject({id: 'local-editor', role: 'administrator'})
    expect(await get('/projects/broadsheet-local/datasets/production/acl')).toEqual([
      {filter: '_id in path("**")', permissions: ['read', 'update', 'create', 'history']},
    ])
    expect(await get('/projects/broadsheet-local')).toMatchObject({id: 'broadsheet-local'})
    await expect(get('/projects/broadsheet-local/datasets/staging/acl')).rejects.toMatchObject({statusCode: 404})
  })
})

describe('query and documents', () => {
  it('serves the raw, published and drafts perspectives', async () => {
    const q = '*[_id in [$published, $draft]]{_id, _originalId, title} | order(_id)'
    const params = {published: 'article-facial-recognition-police', draft: 'drafts.article-facial-recognition-police'}
    const raw = await client.fetch(q, params, {perspective: 'raw'})
    expect(raw.map((doc: {_id: string}) => doc._id)).toEqual([params.published, params.draft])
    const published = await client.fetch(q, params, {perspective: 'published'})
    expect(published).toHaveLength(1)
    const drafts = await client.fetch(q, params, {perspective: 'drafts'})
    expect(drafts).toEqual([expect.objectContaining({_id: params.published, _originalId: params.draft})])
    expect(drafts[0].title).toBe(raw[1].title)
    expect(drafts[0].title).not.toBe(published[0].title)
  })

  it('returns documents by id, and names the missing ones', async () => {
    const response = await client.request({uri: `/data/doc/production/${ARTICLE},missing-id`})
    expect(response.documents.map((doc: {_id: string}) => doc._id)).toEqual([ARTICLE])
    expect(response.omitted).toEqual([{id: 'missing-id', reason: 'existence'}])
    expect(await client.getDocument(ARTICLE)).toMatchObject({_id: ARTICLE, _type: 'article'})
  })

  it('answers a bad query with 400', async () => {
    await expect(client.fetch('*[_type == ')).rejects.toMatchObject({statusCode: 400})
  })
})

describe('mutations', () => {
  it('runs every mutation type and persists each transaction', async () => {
    const created = await client.create({_id: 'topic-space', _type: 'topic', title: 'Space', slug: {_type: 'slug', current: 'space'}})
    expect(created).toMatchObject({_id: 'topic-space', _rev: expect.any(String), _createdAt: expect.any(String)})
    await expect(client.create({_id: 'topic-space', _type: 'topic', title: 'Again'})).rejects.toMatchObject({statusCode: 409})

    const kept = await client.createIfNotExists({_id: 'topic-space', _type: 'topic', title: 'Ignored'})
    expect(kept.title).toBe('Space')
    const replaced = await client.createOrReplace({_id: 'topic-space', _type: 'topic', title: 'Space & Orbit', count: 1, tags: ['a', 'c']})
    expect(replaced).toMatchObject({title: 'Space & Orbit', _createdAt: created._createdAt})

    const patched = await client
      .patch('topic-space')
      .set({description: 'Rockets'})
      .unset(['count'])
      .setIfMissing({views: 10})
      .inc({views: 5})
      .dec({views: 2})
      .insert('after', 'tags[0]', ['b'])
      .diffMatchPatch({title: '@@ -1,8 +1,8 @@\n Space \n-&\n++\n  Orb\n'})
      .commit()
    expect(patched).toMatchObject({description: 'Rockets', views: 13, tags: ['a', 'b', 'c'], title: 'Space + Orbit'})
    expect(patched).not.toHaveProperty('count')
    expect(onDisk().get('topic-space')).toEqual(patched)

    await client.delete('topic-space')
    expect(await client.getDocument('topic-space')).toBeUndefined()
    expect(onDisk().has('topic-space')).toBe(false)
  })

  it('deletes by query, and generates ids for drafts created without one', async () => {
    await client.create({_id: 'drafts.', _type: 'note', body: 'one'})
    await client.create({_id: 'drafts.', _type: 'note', body: 'two'})
    expect(await client.fetch('count(*[_type == "note"])', {}, {perspective: 'raw'})).toBe(2)
    const result = await client.delete({query: '*[_type == "note"]'})
    expect(result.results).toHaveLength(2)
    expect(await client.fetch('count(*[_type == "note"])', {}, {perspective: 'raw'})).toBe(0)
  })

  it('refuses a stale ifRevisionID with 409 and changes nothing', async () => {
    const doc = await client.getDocument(ARTICLE)
    const before = fs.readFileSync(dataset.file)
    await expect(client.patch(ARTICLE).ifRevisionId('not-the-revision').set({title: 'Lost update'}).commit()).rejects.toMatchObject({
      statusCode: 409,
    })
    expect(fs.readFileSync(dataset.file).equals(before)).toBe(true)
    const ok = await client.patch(ARTICLE).ifRevisionId(doc!._rev).set({title: 'Checked update'}).commit()
    expect(ok.title).toBe('Checked update')
  })

  it('rolls back a whole transaction when one mutation fails', async () => {
    const before = fs.readFileSync(dataset.file)
    await expect(
      client
        .transaction()
        .create({_id: 'topic-one', _type: 'topic', title: 'One'})
        .patch('no-such-doc', (p) => p.set({a: 1}))
        .commit(),
    ).rejects.toMatchObject({statusCode: 409})
    expect(await client.getDocument('topic-one')).toBeUndefined()
    expect(fs.readFileSync(dataset.file).equals(before)).toBe(true)
  })

  it('never loses a concurrent editor’s change', async () => {
    await client.create({_id: 'counter', _type: 'counter', n: 0, a: '', b: ''})
    const other = clientWith(TOKEN)
    await Promise.all([
      ...Array.from({length: 20}, (_, i) =>
        client
          .patch('counter')
          .inc({n: 1})
          .set({[`a${i}`]: i})
          .commit(),
      ),
      ...Array.from({length: 20}, (_, i) =>
        other
          .patch('counter')
          .inc({n: 1})
          .set({[`b${i}`]: i})
          .commit(),
      ),
    ])
    const doc = onDisk().get('counter')!
    expect(doc.n).toBe(40)
    for (let i = 0; i < 20; i++) expect([doc[`a${i}`], doc[`b${i}`]]).toEqual([i, i])
  })
})

describe('the Actions API', () => {
  const act = (actions: object[], transactionId?: string) =>
    client.request({method: 'POST', uri: '/data/actions/production', body: {actions, transactionId}})

  it('edits through a draft, publishes, unpublishes and deletes, with the transaction id as _rev', async () => {
    const published = await client.getDocument(ARTICLE)
    await act(
      [
        {
          actionType: 'sanity.action.document.edit',
          draftId: `drafts.${ARTICLE}`,
          publishedId: ARTICLE,
          patch: {unset: ['_empty_action_guard_pseudo_field_']},
        },
        {
          actionType: 'sanity.action.document.edit',
          draftId: `drafts.${ARTICLE}`,
          publishedId: ARTICLE,
          patch: {set: {title: 'Pi 5, revisited'}},
        },
      ],
      'tx-edit-1',
    )
    const draft = await client.getDocument(`drafts.${ARTICLE}`)
    expect(draft).toMatchObject({_rev: 'tx-edit-1', title: 'Pi 5, revisited', body: published!.body})
    expect((await client.getDocument(ARTICLE))!.title).toBe(published!.title)

    await expect(
      act([
        {actionType: 'sanity.action.document.publish', draftId: `drafts.${ARTICLE}`, publishedId: ARTICLE, ifPublishedRevisionId: 'stale'},
      ]),
    ).rejects.toMatchObject({statusCode: 409})
    expect(await client.getDocument(`drafts.${ARTICLE}`)).toBeDefined()

    const {transactionId} = await act(
      [
        {
          actionType: 'sanity.action.document.publish',
          draftId: `drafts.${ARTICLE}`,
          publishedId: ARTICLE,
          ifPublishedRevisionId: published!._rev,
        },
      ],
      'tx-publish',
    )
    expect(transactionId).toBe('tx-publish')
    expect(await client.getDocument(ARTICLE)).toMatchObject({
      _rev: 'tx-publish',
      title: 'Pi 5, revisited',
      _createdAt: published!._createdAt,
    })
    expect(await client.getDocument(`drafts.${ARTICLE}`)).toBeUndefined()
    expect(onDisk().get(ARTICLE)!.title).toBe('Pi 5, revisited')

    await act([{actionType: 'sanity.action.document.unpublish', draftId: `drafts.${ARTICLE}`, publishedId: ARTICLE}])
    expect(await client.getDocument(ARTICLE)).toBeUndefined()
    expect(await client.getDocument(`drafts.${ARTICLE}`)).toMatchObject({title: 'Pi 5, revisited'})

    await act([{actionType: 'sanity.action.document.discard', draftId: `drafts.${ARTICLE}`}])
    expect(onDisk().has(`drafts.${ARTICLE}`)).toBe(false)
  })

  it('creates a draft, refuses to create it twice, and discards a draft-only document', async () => {
    const create = {
      actionType: 'sanity.action.document.create',
      publishedId: 'topic-new',
      attributes: {_id: 'drafts.topic-new', _type: 'topic', title: 'New'},
      ifExists: 'fail',
    }
    await act([create])
    await expect(act([create])).rejects.toMatchObject({statusCode: 409})
    await act([{...create, ifExists: 'ignore'}])
    await act([
      {
        actionType: 'sanity.action.document.replaceDraft',
        publishedId: 'topic-new',
        attributes: {_id: 'drafts.topic-new', _type: 'topic', title: 'Restored'},
      },
    ])
    expect(await client.getDocument('drafts.topic-new')).toMatchObject({title: 'Restored'})
    await act([{actionType: 'sanity.action.document.version.discard', versionId: 'drafts.topic-new'}])
    expect(await client.getDocument('drafts.topic-new')).toBeUndefined()
  })

  it('keeps references whole: no publishing a reference to a draft, no deleting what is referenced', async () => {
    await act([
      {
        actionType: 'sanity.action.document.create',
        publishedId: 'quote-new',
        attributes: {_id: 'drafts.quote-new', _type: 'quote', text: 'Hi'},
      },
    ])
    await act([
      {
        actionType: 'sanity.action.document.edit',
        draftId: `drafts.${ARTICLE}`,
        publishedId: ARTICLE,
        patch: {set: {related: {_type: 'reference', _ref: 'quote-new', _weak: true, _strengthenOnPublish: {type: 'quote'}}}},
      },
    ])
    await expect(
      act([{actionType: 'sanity.action.document.publish', draftId: `drafts.${ARTICLE}`, publishedId: ARTICLE}]),
    ).rejects.toMatchObject({
      statusCode: 409,
    })
    await act([{actionType: 'sanity.action.document.publish', draftId: 'drafts.quote-new', publishedId: 'quote-new'}])
    await act([{actionType: 'sanity.action.document.publish', draftId: `drafts.${ARTICLE}`, publishedId: ARTICLE}])
    expect((await client.getDocument(ARTICLE))!.related).toEqual({_type: 'reference', _ref: 'quote-new'})

    await expect(act([{actionType: 'sanity.action.document.delete', publishedId: 'quote-new', includeDrafts: []}])).rejects.toMatchObject({
      statusCode: 409,
    })
    await act([{actionType: 'sanity.action.document.delete', publishedId: ARTICLE, includeDrafts: [`drafts.${ARTICLE}`]}])
    await act([{actionType: 'sanity.action.document.delete', publishedId: 'quote-new', includeDrafts: []}])
    expect(onDisk().has('quote-new')).toBe(false)
  })

  it('publishes a reference the schema keeps weak as weak, as the Studio does (_strengthenOnPublish.weak)', async () => {
    const weak = {_type: 'reference', _ref: 'topic-not-yet', _weak: true, _strengthenOnPublish: {type: 'topic', weak: true}}
    await act([
      {actionType: 'sanity.action.document.edit', draftId: `drafts.${ARTICLE}`, publishedId: ARTICLE, patch: {set: {weakly: weak}}},
    ])
    await act([{actionType: 'sanity.action.document.publish', draftId: `drafts.${ARTICLE}`, publishedId: ARTICLE}])
    expect((await client.getDocument(ARTICLE))!.weakly).toEqual({_type: 'reference', _ref: 'topic-not-yet', _weak: true})
  })

  it('refuses an action it does not know with 400', async () => {
    await expect(act([{actionType: 'sanity.action.document.version.create', publishedId: ARTICLE}])).rejects.toMatchObject({
      statusCode: 400,
    })
  })
})

/** Listens at once; `welcomed` settles when the lake has said welcome, so every commit after it is heard. */
function listening<T extends {type: string}>(events: Observable<T>, count: number) {
  const shared = events.pipe(share())
  const collected = firstValueFrom(shared.pipe(take(count), toArray()))
  const welcomed = firstValueFrom(shared.pipe(filter((event) => event.type === 'welcome')))
  return {collected, welcomed}
}

describe('listen', () => {
  it('sends welcome, then mutation events in commit order with revisions, transitions and Mendoza effects', async () => {
    const {collected, welcomed} = listening(
      client.listen('*[_type == "topic"]', {}, {events: ['welcome', 'mutation'], effectFormat: 'mendoza', includeResult: true}),
      5,
    )
    await welcomed
    const created = await client.create({_id: 'topic-listen', _type: 'topic', title: 'One'})
    const patched = await client.patch('topic-listen').set({title: 'Two'}).commit()
    await client.create({_id: 'author-not-a-topic', _type: 'author', name: 'Skipped'})
    await client.patch('topic-listen').set({_type: 'topic'}).set({title: 'Three'}).commit()
    await client.delete('topic-listen')
    const [welcome, ...mutations] = (await collected) as (MutationEvent & {type: string; effects: unknown})[]
    expect(welcome).toMatchObject({type: 'welcome', listenerName: expect.any(String)})
    expect(mutations.map((e) => [e.transition, e.documentId])).toEqual([
      ['appear', 'topic-listen'],
      ['update', 'topic-listen'],
      ['update', 'topic-listen'],
      ['disappear', 'topic-listen'],
    ])
    expect(mutations[0]).toMatchObject({
      resultRev: created._rev,
      result: {title: 'One'},
      effects: {apply: [0, expect.objectContaining({title: 'One'})], revert: [0, null]},
    })
    expect(mutations[0]).not.toHaveProperty('previousRev')
    expect(mutations[1]).toMatchObject({
      previousRev: created._rev,
      resultRev: patched._rev,
      mutations: [{createOrReplace: expect.objectContaining({title: 'Two'})}],
    })
    expect(mutations[3]).toMatchObject({mutations: [{delete: {id: 'topic-listen'}}], effects: {apply: [0, null]}})
  })

  it('sends a publish as two events of one transaction', async () => {
    const {collected: events, welcomed} = listening(
      client.listen('*[_id in $ids]', {ids: [ARTICLE, `drafts.${ARTICLE}`]}, {events: ['welcome', 'mutation']}),
      4,
    )
    await welcomed
    await client.createOrReplace({...(await client.getDocument(ARTICLE))!, _id: `drafts.${ARTICLE}`, title: 'Draft'})
    await client.request({
      method: 'POST',
      uri: '/data/actions/production',
      body: {
        transactionId: 'tx-pub',
        actions: [{actionType: 'sanity.action.document.publish', draftId: `drafts.${ARTICLE}`, publishedId: ARTICLE}],
      },
    })
    const [, , published, draftGone] = (await events) as MutationEvent[]
    expect(
      [published, draftGone].map((e) => [e.documentId, e.transition, e.transactionId, e.transactionCurrentEvent, e.transactionTotalEvents]),
    ).toEqual([
      [ARTICLE, 'update', 'tx-pub', 1, 2],
      [`drafts.${ARTICLE}`, 'disappear', 'tx-pub', 2, 2],
    ])
  })

  it('tells listeners about edits made to the file on disk', async () => {
    const {collected, welcomed} = listening(client.listen('*[_id == $id]', {id: 'topic-ai'}, {events: ['welcome', 'mutation']}), 2)
    const event = collected.then((events) => events[1])
    await welcomed
    store.watch()
    dataset.edit((doc) => (doc._id === 'topic-ai' ? {...doc, title: 'Edited in a text editor'} : doc))
    expect(await event).toMatchObject({documentId: 'topic-ai', transition: 'update', result: {title: 'Edited in a text editor'}})
  })
})

describe('assets', () => {
  it('stores an uploaded image under its hash, with dimensions and an LQIP, and serves it', async () => {
    const png = fs.readFileSync(
      path.join(
        dataset.images,
        fs.readdirSync(dataset.images).find((name) => name.includes('-400x400'))!,
      ),
    )
    const {default: sharp} = await import('sharp')
    const jpeg = await sharp(png).resize(300, 200).jpeg().toBuffer()
    const asset = await client.assets.upload('image', jpeg, {filename: 'portrait.jpg'})
    expect(asset).toMatchObject({
      _id: expect.stringMatching(/^image-[a-f0-9]{40}-300x200-jpg$/),
      _type: 'sanity.imageAsset',
      mimeType: 'image/jpeg',
      originalFilename: 'portrait.jpg',
      metadata: {dimensions: {width: 300, height: 200, aspectRatio: 1.5}, lqip: expect.stringMatching(/^data:image\/png;base64,/)},
    })
    const file = `${asset.sha1hash}-300x200.jpg`
    expect(fs.readFileSync(path.join(dataset.images, file)).equals(jpeg)).toBe(true)
    expect(onDisk().get(asset._id)).toMatchObject({_id: asset._id})
    const served = await fetch(`${apiHost}/images/broadsheet-local/production/${file}?w=100`)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(Buffer.from(await served.arrayBuffer()).equals(jpeg)).toBe(true)

    const again = await client.assets.upload('image', jpeg, {filename: 'copy.jpg'})
    expect(again._id).toBe(asset._id)
  })

  it('refuses what is not an image, and SVG', async () => {
    await expect(client.assets.upload('image', Buffer.from('not an image'))).rejects.toMatchObject({statusCode: 400})
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>')
    await expect(client.assets.upload('image', svg)).rejects.toMatchObject({statusCode: 400})
  })
})
