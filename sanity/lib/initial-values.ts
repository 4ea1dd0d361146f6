import type {InitialValueResolverContext} from 'sanity'
import {VALIDATION_API_VERSION} from './validation'

type ArticleInitialValue = {
  publishedAt: string
  hasAffiliateLinks: boolean
  author?: {_type: 'reference'; _ref: string}
}

/**
 * A new article is dated now and, when the signed-in user has an author document (matched by email, or
 * else by name), credited to them. Any failure to look the author up leaves the field empty: creating a
 * document must never fail because of a convenience.
 */
export async function articleInitialValue(
  _params: unknown,
  {currentUser, getClient}: Pick<InitialValueResolverContext, 'currentUser' | 'getClient'>,
  now: () => Date = () => new Date(),
): Promise<ArticleInitialValue> {
  const value: ArticleInitialValue = {publishedAt: now().toISOString(), hasAffiliateLinks: false}
  const email = currentUser?.email?.trim().toLowerCase()
  const name = currentUser?.name?.trim()
  if (!email && !name) return value
  try {
    // Published authors only: a reference to a draft-only author could not be published.
    const authorId = await getClient({apiVersion: VALIDATION_API_VERSION})
      .withConfig({perspective: 'published'})
      .fetch<string | null>(
        `coalesce(
          *[_type == "author" && defined(email) && lower(email) == $email][0]._id,
          *[_type == "author" && name == $name][0]._id
        )`,
        {email: email ?? '', name: name ?? ''},
        {tag: 'initial-value.article-author'},
      )
    if (authorId) value.author = {_type: 'reference', _ref: authorId}
  } catch {
    // offline, no permission, or no match: leave the author for the editor to pick
  }
  return value
}
