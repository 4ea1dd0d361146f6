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

export const schemaTypes = [
  article,
  quote,
  principleList,
  author,
  topic,
  siteSettings,
  blockContent,
  principle,
  quoteEmbed,
  principleListEmbed,
  quoteSource,
  seo,
]
