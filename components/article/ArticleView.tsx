import type {Article, ArticleCard} from '@/lib/site/content/models/article'
import {ArticleList} from '../listing/ArticleList'
import {readingMinutes} from '@/lib/site/reading-time'
import {ArticleBody} from '../portable-text/ArticleBody'
import {AffiliateDisclosure} from './AffiliateDisclosure'
import {Byline} from './Byline'
import {HeroImage} from './HeroImage'
import {TopicTags} from './TopicTags'
import type {Editing} from '@/lib/site/edit-attributes'

type Props = {article: Article; disclosure?: string; related?: ArticleCard[]; editing?: Editing}

export function ArticleView({article, disclosure, related = [], editing}: Props) {
  const edit = editing?.({_id: article._id, _type: 'article'})
  return (
    <article className="article">
      <header className="article-header">
        {/* the topics are edited from the kicker; the topic links below stay links, which the Presentation tool follows */}
        {article.topics[0] ? (
          <p className="kicker" {...edit?.('topics')}>
            {article.topics[0].title}
          </p>
        ) : null}
        <h1 {...edit?.('title')}>{article.title}</h1>
        {article.dek ? (
          <p className="dek" {...edit?.('dek')}>
            {article.dek}
          </p>
        ) : null}
        <Byline
          author={article.author}
          publishedAt={article.publishedAt}
          updatedAt={article.updatedAt}
          minutes={readingMinutes(article.body)}
          edit={edit}
        />
      </header>
      {article.mainImage ? <HeroImage image={article.mainImage} edit={edit} /> : null}
      <div className="article-main">
        {article.hasAffiliateLinks ? <AffiliateDisclosure text={disclosure} /> : null}
        <ArticleBody blocks={article.body} edit={edit} editing={editing} />
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
