// Perspectives over the embedded store: published drops drafts; drafts lays each draft over its published document.
import path from 'node:path'
import {EmbeddedStore, type StoredDocument} from '@/lib/offline/store/store'
import {DEMO_DATASET, DRAFT_TITLES, FIXTURES} from '../../../support/demo'

describe('perspectives', () => {
  const demo = new EmbeddedStore(DEMO_DATASET)

  describe('published', () => {
    it('never contains a draft', async () => {
      expect(demo.view('published').documents.filter((doc) => doc._id.startsWith('drafts.'))).toEqual([])
      expect(await demo.query('*[_id in path("drafts.**")]._id')).toEqual([])
      const titles = await demo.query<string[]>('*[_type == "article"].title')
      expect(titles.length).toBeGreaterThan(0)
      for (const draft of DRAFT_TITLES) expect(titles).not.toContain(draft)
    })

    it('finds a draft-only slug nowhere', async () => {
      expect(await demo.query('*[slug.current == "inside-the-quantum-roadmap"]')).toEqual([])
    })
  })

  describe('drafts', () => {
    it('lays the draft over the published document, keeping the published _id', async () => {
      const article = await demo.query<StoredDocument>(
        '*[_type == "article" && slug.current == $slug][0]{_id, _originalId, title}',
        {slug: 'microsoft-wont-sell-facial-recognition-to-police'},
        'drafts',
      )
      expect(article).toEqual({
        _id: 'article-facial-recognition-police',
        _originalId: 'drafts.article-facial-recognition-police',
        title: 'Microsoft bars police from its facial recognition until Congress acts',
      })
      const copies = await demo.query('*[_id == "article-facial-recognition-police"]', {}, 'drafts')
      expect(copies).toHaveLength(1)
    })

    it('keeps documents without a draft as they are, their _originalId their own _id', async () => {
      const ibm = await demo.query<StoredDocument>('*[_id == "article-ibm-exits-facial-recognition"][0]{_id, _originalId}', {}, 'drafts')
      expect(ibm).toEqual({_id: 'article-ibm-exits-facial-recognition', _originalId: 'article-ibm-exits-facial-recognition'})
    })

    it('shows a draft-only document only in drafts', async () => {
      const query = '*[_type == "article" && slug.current == "inside-the-quantum-roadmap"][0]{_id, _originalId, title}'
      expect(await demo.query(query)).toBeNull()
      expect(await demo.query(query, {}, 'drafts')).toEqual({
        _id: 'article-draft-only-quantum-roadmap',
        _originalId: 'drafts.article-draft-only-quantum-roadmap',
        title: 'Exclusive: Inside the quantum roadmap nobody has announced yet',
      })
    })

    it('resolves a reference inside a draft to the draft of the referenced document', async () => {
      const store = new EmbeddedStore(path.join(FIXTURES, 'drafts.ndjson'))
      const query = '*[_type == "article" && slug.current == "story-a"][0]{title, "quote": body[0].quote->{_id, _originalId, text}}'
      expect(await store.query(query, {}, 'drafts')).toEqual({
        title: 'Draft headline',
        quote: {_id: 'quote-q', _originalId: 'drafts.quote-q', text: 'The edited words, not yet published.'},
      })
      expect(await store.query(query, {}, 'published')).toEqual({
        title: 'Published headline',
        quote: {_id: 'quote-q', _originalId: null, text: 'The published words.'},
      })
    })

    it('counts each document once, published or draft', async () => {
      const store = new EmbeddedStore(path.join(FIXTURES, 'drafts.ndjson'))
      expect(await store.query('*[_type == "article"] | order(publishedAt asc).title', {}, 'drafts')).toEqual([
        'Another published story',
        'Draft headline',
        'Draft-only headline',
      ])
      expect(await store.query('*[_type == "article"] | order(publishedAt asc).title')).toEqual([
        'Another published story',
        'Published headline',
      ])
    })
  })
})
