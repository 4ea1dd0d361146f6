import {CogIcon, EditIcon, LinkIcon} from '@sanity/icons'
import type {DefaultDocumentNodeResolver, StructureResolver} from 'sanity/structure'
import {UsedInView} from './components/UsedInView'

/** Singletons: one document each, edited in place; no create, duplicate or delete. */
export const SINGLETON_TYPES = new Set(['siteSettings'])

/** Reusable content: an editor can see which articles embed it before changing or unpublishing it. */
export const REUSABLE_TYPES = new Set(['quote', 'principleList'])

/** The form first, as everywhere; reusable content adds a "Used in" view listing the articles that cite it. */
export const defaultDocumentNode: DefaultDocumentNodeResolver = (S, {schemaType}) =>
  REUSABLE_TYPES.has(schemaType)
    ? S.document().views([S.view.form().icon(EditIcon), S.view.component(UsedInView).id('used-in').title('Used in').icon(LinkIcon)])
    : S.document().views([S.view.form()])

const newestFirst = [{field: 'publishedAt', direction: 'desc' as const}]

export const structure: StructureResolver = (S) =>
  S.list()
    .title('Newsroom')
    .items([
      S.listItem()
        .title('Articles')
        .schemaType('article')
        .child(
          S.list()
            .title('Articles')
            .items([
              S.listItem().title('All articles').child(S.documentTypeList('article').title('All articles').defaultOrdering(newestFirst)),
              S.listItem()
                .title('Drafts')
                .child(
                  S.documentList()
                    .title('Unpublished changes')
                    .schemaType('article')
                    .filter('_type == "article" && _id in path("drafts.**")')
                    .defaultOrdering([{field: '_updatedAt', direction: 'desc'}]),
                ),
              S.listItem()
                .title('By topic')
                .child(
                  S.documentTypeList('topic')
                    .title('Articles by topic')
                    .child((topicId) =>
                      S.documentList()
                        .title('Articles')
                        .schemaType('article')
                        .filter('_type == "article" && $topicId in topics[]._ref')
                        .params({topicId})
                        .defaultOrdering(newestFirst),
                    ),
                ),
              S.listItem()
                .title('By author')
                .child(
                  S.documentTypeList('author')
                    .title('Articles by author')
                    .child((authorId) =>
                      S.documentList()
                        .title('Articles')
                        .schemaType('article')
                        .filter('_type == "article" && author._ref == $authorId')
                        .params({authorId})
                        .defaultOrdering(newestFirst),
                    ),
                ),
            ]),
        ),
      S.divider(),
      S.documentTypeListItem('quote').title('Quotes'),
      S.documentTypeListItem('principleList').title('Principle lists'),
      S.divider(),
      S.documentTypeListItem('author').title('Authors'),
      S.documentTypeListItem('topic').title('Topics'),
      S.divider(),
      S.listItem()
        .title('Site settings')
        .icon(CogIcon)
        .child(S.document().schemaType('siteSettings').documentId('siteSettings').title('Site settings')),
    ])
