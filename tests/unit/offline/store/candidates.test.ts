import {parse, type ExprNode} from 'groq-js'
import {constraintsOf} from '@/lib/offline/store/candidates'
import {siteQueries} from '../../../support/store'

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
      expect(of('*[_type == $type && slug.current == $slug]', {type: 'topic', slug: 'ai'})).toEqual([{types: ['topic'], slugs: ['ai']}])
      expect(of('*[_id in $ids]', {ids: ['a', 'b']})).toEqual([{ids: ['a', 'b']}])
    })

    it('terms inside parentheses', () => {
      expect(of('*[(_type == "article") && (slug.current == "x")]')).toEqual([{types: ['article'], slugs: ['x']}])
    })

    it('two constraints on one field as their intersection', () => {
      expect(of('*[_type in ["article", "topic"] && _type == "topic"]')).toEqual([{types: ['topic']}])
      expect(of('*[_id == "a" && _id == "b"]')).toEqual([{ids: []}])
    })

    it('references() of a literal id, or of an array of them, as the documents referring to them', () => {
      expect(of('*[references("topic-ai")]')).toEqual([{refs: ['topic-ai']}])
      expect(of('*[_type == "article" && references("topic-ai")]')).toEqual([{types: ['article'], refs: ['topic-ai']}])
      expect(of('*[references(["a", "b"])]')).toEqual([{refs: ['a', 'b']}])
      expect(of('*[_type == "article" && references([])]')).toEqual([{types: ['article'], refs: []}])
    })

    it('references() of params, as the site passes them, and of values the planner folded in', () => {
      expect(of('*[references($id)]', {id: 'topic-ai'})).toEqual([{refs: ['topic-ai']}])
      expect(of('*[_type == "article" && references($ids)]', {ids: ['topic-ai', 'topic-policy']})).toEqual([
        {types: ['article'], refs: ['topic-ai', 'topic-policy']},
      ])
      const folded = {type: 'FuncCall', namespace: 'global', name: 'references', args: [{type: 'Value', value: 'author-x'}]}
      const tree = {type: 'Filter', base: {type: 'Everything'}, expr: folded} as unknown as ExprNode
      expect(constraintsOf(tree)).toEqual([{refs: ['author-x']}])
    })

    it('no refs from references() of anything but literal strings', () => {
      // a folded sub-query that found nothing is a null value: it narrows nothing, and matches nothing
      const folded = {type: 'FuncCall', namespace: 'global', name: 'references', args: [{type: 'Value', value: null}]}
      const tree = {type: 'Filter', base: {type: 'Everything'}, expr: {type: 'And', left: parse('_type == "article"'), right: folded}}
      expect(constraintsOf(tree as unknown as ExprNode)).toEqual([{types: ['article']}])
      expect(of('*[_type == "article" && references(["a", 1])]')).toEqual([{types: ['article']}])
      expect(of('*[_type == "article" && references(^._id)]')).toEqual([{types: ['article']}])
      expect(of('*[references(^._id)]')).toBeNull()
    })

    it('a references() sub-query is a * of its own, constrained by its own filter', () => {
      expect(of('*[_type == "article" && references(*[_type == "topic" && slug.current == $slug][0]._id)]', {slug: 'ai'})).toEqual([
        {types: ['article']},
        {types: ['topic'], slugs: ['ai']},
      ])
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
      expect(
        of('*[_type == "topic" && slug.current == $slug][0]{title, "items": *[_type == "article" && references(^._id)]}', {slug: 'ai'}),
      ).toEqual([{types: ['topic'], slugs: ['ai']}, {types: ['article']}])
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

  // one document references many ids: either references() term alone is a correct superset
  it('two references() terms narrow to the referrers of one of them, not to none', () => {
    const [constraint] = of('*[references("a") && references("b")]')!
    expect(constraint.refs!.length).toBeGreaterThan(0)
  })

  it('narrows every query the site runs (none needs a full scan)', () => {
    const params = {
      slug: 'ai',
      type: 'article',
      start: 0,
      end: 13,
      limit: 200,
      id: 'topic-ai',
      topicIds: ['topic-ai'],
      q: 'facial*',
      since: '2024-01-01T00:00:00Z',
    }
    expect(siteQueries.length).toBeGreaterThan(15)
    for (const definition of siteQueries) {
      const constraints = of(definition.query, params)
      expect({query: definition.name, constraints}).toEqual({query: definition.name, constraints: expect.any(Array)})
      expect(constraints!.length).toBeGreaterThan(0)
    }
  })
})
