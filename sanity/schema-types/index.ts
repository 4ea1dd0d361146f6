import type {Rule} from 'sanity'
import {article} from './article'
import {author} from './author'
import {blockContent} from './block-content'
import {principle} from './principle'
import {principleList} from './principle-list'
import {principleListEmbed} from './principle-list-embed'
import {quote} from './quote'
import {quoteEmbed} from './quote-embed'
import {quoteSource} from './quote-source'
import {seo} from './seo'
import {siteSettings} from './site-settings'
import {topic} from './topic'
import {studioIsHosted} from '../env'
import {conflictNoticeWarning} from '../lib/validation'

/**
 * Offline, each document also warns while the local Content Lake holds a conflict notice on it (an outside edit to
 * the dataset file met the editor's saves); hosted, there are none, and no query is made for them.
 */
const withConflictNotice = <T extends {name: string}>(type: T): T =>
  studioIsHosted ? type : ({...type, validation: (rule: Rule) => rule.custom(conflictNoticeWarning).warning()} as T)

export const schemaTypes = [
  ...[article, quote, principleList, author, topic, siteSettings].map(withConflictNotice),
  blockContent,
  principle,
  quoteEmbed,
  principleListEmbed,
  quoteSource,
  seo,
]
