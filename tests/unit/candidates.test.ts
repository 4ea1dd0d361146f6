/** @jest-environment node */
import {parse} from 'groq-js'
import {constraintsOf} from '@/lib/content/candidates'
import * as queries from '@/lib/content/queries'

const of = (query: string, params: Record<string, unknown> = {}) => constraintsOf(parse(query, {params}))

describe('constraintsOf', () => {
  describe('reads the conjunction at the top of a *[...] filter', () => {
    it('a type', () => {
      expect(of('*[_type == "article"]')).toEqual([{types: ['article']}])
    })

    it('a slug', () => {
      expect(of('*[slug.current == "ai"]')).toEqual([{slugs: ['ai']}])
    })

    it('an id', () => {
      expect(of('*[_id == "siteSettings"]')).toEqual([{ids: ['siteSettings']}])
    })

    it('type, slug and id together, ignoring terms that say nothing indexable', () => {
      expect(of('*[_type == "article" && defined(slug.current) && slug.current == "x" && _id == "a" && publishedAt > "2020"]')).toEqual([
        {types: ['article'], slugs: ['x'], ids: ['a']},
      ])
    })

    it('`in [...]` lists of ids, types and slugs', () => {
      expect(of('*[_id in ["a", "b"]]')).toEqual([{ids: ['a', 'b']}])
      expect(of('*[_type in ["quote", "principleList"]]')).toEqual([{types: ['quote', 'principleList']}])
      expect(of('*[slug.current in ["ai", "policy"]]')).toEqual([{slugs: ['ai', 'policy']}])
    })

    it('values from params, as the site passes them', () => {
      expect(of('*[_type == $type && slug.current == $slug]', {type: 'topic', slug: 'ai'})).toEqual([
        {types: ['topic'], slugs: ['ai']},
      ])
      expect(of('*[_id in $ids]', {ids: ['a', 'b']})).toEqual([{ids: ['a', 'b']}])
    })

    it('terms inside parentheses', () => {
      expect(of('*[(_type == "article") && (slug.current == "x")]')).toEqual([{types: ['article'], slugs: ['x']}])
    })

    it('two constraints on one field as their intersection', () => {
      expect(of('*[_type in ["article", "topic"] && _type == "topic"]')).toEqual([{types: ['topic']}])
      expect(of('*[_id == "a" && _id == "b"]')).toEqual([{ids: []}])
    })

    it('through slices, order() and projections around the filter', () => {
      expect(of('*[_type == "article"] | order(publishedAt desc) [0...12] {title}')).toEqual([{types: ['article']}])
      expect(of('*[_type == "article"][0].title')).toEqual([{types: ['article']}])
    })
  })

  describe('gives up (null: scan everything) when some * is unconstrained', () => {
    it('a bare *', () => {
      expect(of('*')).toBeNull()
      expect(of('count(*)')).toBeNull()
    })

    it('an OR filter', () => {
      expect(of('*[_type == "article" || _type == "topic"]')).toBeNull()
      expect(of('*[(_type == "article" || slug.current == "x")]')).toBeNull()
    })

    it('a filter on fields the indexes do not cover', () => {
      expect(of('*[defined(slug.current)]')).toBeNull()
      expect(of('*[title == "x"]')).toBeNull()
      expect(of('*[!(_type == "article")]')).toBeNull()
      expect(of('*[_type != "article"]')).toBeNull()
    })

    it('a comparison that is not with a string literal', () => {
      expect(of('*[_type == 3]')).toBeNull()
      expect(of('*[_id in path("drafts.**")]')).toBeNull()
      expect(of('*[_id in ["a", 1]]')).toBeNull()
    })

    it('a field reached through a dereference or a parent scope', () => {
      expect(of('*[author->slug.current == "jane-doe"]')).toBeNull()
      expect(of('*[_type == "topic"]{"same": *[^._type == "topic"]}')).toBeNull()
    })

    it('one unconstrained * among constrained ones', () => {
      expect(of('{"a": *[_type == "article"], "b": count(*)}')).toBeNull()
      expect(of('*[_type == "topic"]{"n": count(*[references(^._id)])}')).toBeNull()
    })
  })

  describe('collects every * in the query', () => {
    it('a * nested in a projection', () => {
      expect(of('*[_type == "topic" && slug.current == $slug][0]{title, "items": *[_type == "article" && references(^._id)]}', {slug: 'ai'})).toEqual([
        {types: ['topic'], slugs: ['ai']},
        {types: ['article']},
      ])
    })

    it('a * nested in the filter of another *', () => {
      expect(of('*[_type == "quote" && count(*[_type == "article" && references(^._id)]) > 0]')).toEqual([
        {types: ['quote']},
        {types: ['article']},
      ])
    })

    it('the members of an object', () => {
      expect(of('{"items": *[_type == "article"][0...12], "total": count(*[_type == "article"])}')).toEqual([
        {types: ['article']},
        {types: ['article']},
      ])
    })
  })

  it('narrows every query the site runs (none needs a full scan)', () => {
    const params = {slug: 'ai', type: 'article', start: 0, end: 12, limit: 200}
    for (const value of Object.values(queries)) {
      if (typeof value !== 'object' || value === null || !('query' in value)) continue
      const constraints = of(value.query, params)
      expect({query: value.name, constraints}).toEqual({query: value.name, constraints: expect.any(Array)})
      expect(constraints!.length).toBeGreaterThan(0)
    }
  })
})
