import type {Article, ArticleCard} from '@/lib/site/content/models/article'
import {ArticleList} from '../listing/ArticleList'
import {readingMinutes} from '@/lib/site/reading-time'
import {ArticleBody} from '../portable-text/ArticleBody'
import {AffiliateDisclosure} from './AffiliateDisclosure'
import {Byline} from './Byline'
import {HeroImage} from './HeroImage'
import {TopicTags} from './TopicTags'

type Props = {article: Article; disclosure?: string; related?: ArticleCard[]}

export function ArticleView({article, disclosure, related = []}: Props) {
  return (
    <article className="article">
      <header className="article-header">
        {article.topics[0] ? <p className="kicker">{article.topics[0].title}</p> : null}
        <h1>{article.title}</h1>
        {article.dek ? <p className="dek">{article.dek}</p> : null}
        <Byline
          author={article.author}
          publishedAt={article.publishedAt}
          updatedAt={article.updatedAt}
          minutes={readingMinutes(article.body)}
        />
      </header>
      {article.mainImage ? <HeroImage image={article.mainImage} /> : null}
      <div className="article-main">
        {article.hasAffiliateLinks ? <AffiliateDisclosure text={disclosure} /> : null}
        <ArticleBody blocks={article.body} />
        <TopicTags topics={article.topics} />
      </div>
      {related.length > 0 ? (
        <section className="related" aria-labelledby="related-heading">
          <h2 id="related-heading" className="section-heading">
            Related stories
          </h2>
          <ArticleList articles={related} headingLevel="h3" />
        </section>
      ) : null}
    </article>
  )
}
