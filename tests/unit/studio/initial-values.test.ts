/**
 * A new article's initial value: dated now, credited to the signed-in user's author document when one
 * matches. Runs the real initial-value function with a real @sanity/client against the fake Content Lake.
 */
import type {SanityClient} from '@sanity/client'
import type {CurrentUser} from 'sanity'
import {articleInitialValue} from '@/sanity/lib/initial-values'
import {fakeLakeClient, startFakeContentLake} from '../../support/fake-content-lake'
import {demoDatasetWith, type TempDataset} from '../../support/temp-dataset'

const NOW = new Date('2026-11-26T10:30:00.000Z')

const user = (fields: Partial<CurrentUser>): CurrentUser => ({id: 'p-user', name: '', email: '', role: '', roles: [], ...fields})

let lake: Awaited<ReturnType<typeof startFakeContentLake>>
let client: SanityClient
let dataset: TempDataset

beforeAll(async () => {
  const extra = [
    // an author with a sign-in email, and one who exists only as a draft (cannot be referenced when published)
    {
      _id: 'author-sam-lee',
      _type: 'author',
      name: 'Sam Lee',
      email: 'Sam.Lee@broadsheet.example',
      slug: {_type: 'slug', current: 'sam-lee'},
    },
    {_id: 'drafts.author-new-hire', _type: 'author', name: 'New Hire', slug: {_type: 'slug', current: 'new-hire'}},
  ]
  dataset = demoDatasetWith(extra, {images: 'none', prefix: 'studio-initial-values-'})
  lake = await startFakeContentLake(dataset.file)
  client = fakeLakeClient(lake)
})

afterAll(async () => {
  await lake.close()
  dataset.remove()
})

const initialFor = (currentUser: CurrentUser | null) => articleInitialValue(undefined, {currentUser, getClient: () => client}, () => NOW)

describe('articleInitialValue', () => {
  it('dates the article now', async () => {
    expect(await initialFor(null)).toEqual({publishedAt: '2026-11-26T10:30:00.000Z', hasAffiliateLinks: false})
  })

  it('credits the author whose email matches the signed-in user, ignoring case', async () => {
    const value = await initialFor(user({name: 'Samuel Lee', email: 'sam.lee@BROADSHEET.example'}))
    expect(value.author).toEqual({_type: 'reference', _ref: 'author-sam-lee'})
  })

  it('falls back to an author with the same name', async () => {
    const value = await initialFor(user({name: 'Jane Doe', email: 'jane@elsewhere.example'}))
    expect(value.author).toEqual({_type: 'reference', _ref: 'author-jane-doe'})
  })

  it('leaves the author empty when no author matches, or only a draft does', async () => {
    expect((await initialFor(user({name: 'Someone Else', email: 'someone@else.example'}))).author).toBeUndefined()
    expect((await initialFor(user({name: 'New Hire', email: 'new@broadsheet.example'}))).author).toBeUndefined()
  })

  it('asks the published perspective, by email and name', async () => {
    const before = lake.requests.length
    await initialFor(user({name: 'Jane Doe', email: 'Jane@Example.com'}))
    const [request] = lake.requests.slice(before)
    expect(request.perspective).toBe('published')
    expect(request.params).toEqual({email: 'jane@example.com', name: 'Jane Doe'})
  })

  it('still creates the article when the lookup fails', async () => {
    lake.failWith500(true)
    try {
      expect(await initialFor(user({name: 'Jane Doe'}))).toEqual({publishedAt: NOW.toISOString(), hasAffiliateLinks: false})
    } finally {
      lake.failWith500(false)
    }
  })
})
