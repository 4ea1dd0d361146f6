import {article} from './article'
import {author} from './author'
import {blockContent} from './blockContent'
import {principle} from './principle'
import {principleList} from './principleList'
import {principleListEmbed} from './principleListEmbed'
import {quote} from './quote'
import {quoteEmbed} from './quoteEmbed'
import {quoteSource} from './quoteSource'
import {seo} from './seo'
import {siteSettings} from './siteSettings'
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
