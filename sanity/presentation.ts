import {defineDocuments, defineLocations, presentationTool} from 'sanity/presentation'

type Doc = {title?: string; slug?: string} | null

const one = (type: string, base: string, listTitle: string) =>
  defineLocations({
    select: {title: type === 'author' ? 'name' : type === 'quote' ? 'speakerName' : 'title', slug: 'slug.current'},
    resolve: (doc: Doc) => ({
      locations: doc?.slug
        ? [
            {title: doc.title || 'Untitled', href: `${base}/${doc.slug}`},
            {title: listTitle, href: base === '/articles' ? '/' : base},
          ]
        : [],
    }),
  })

/** The Presentation tool: opens each document on its page of the real site, in draft mode. */
export const presentation = presentationTool({
  previewUrl: {previewMode: {enable: '/api/draft-mode/enable', disable: '/api/draft-mode/disable'}},
  resolve: {
    mainDocuments: defineDocuments([
      {route: '/articles/:slug', filter: `_type == "article" && slug.current == $slug`},
      {route: '/topics/:slug', filter: `_type == "topic" && slug.current == $slug`},
      {route: '/authors/:slug', filter: `_type == "author" && slug.current == $slug`},
      {route: '/quotes/:slug', filter: `_type == "quote" && slug.current == $slug`},
      {route: '/principles/:slug', filter: `_type == "principleList" && slug.current == $slug`},
    ]),
    locations: {
      article: one('article', '/articles', 'Home page'),
      topic: one('topic', '/topics', 'Topics'),
      author: one('author', '/authors', 'Authors'),
      quote: one('quote', '/quotes', 'All quotes'),
      principleList: one('principleList', '/principles', 'All principle lists'),
    },
  },
})
