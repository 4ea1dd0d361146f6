import type {ReactNode} from 'react'
import {fetchContent} from '@/lib/site/content/fetch'
import {isPreviewing} from '@/lib/site/content/request-perspective'
import {DRAFT_CHANGES_PATH} from '@/lib/site/draft-changes'
import {PreviewTools} from '../preview/PreviewTools'
import {PreviewBanner} from '../preview/PreviewBanner'
import {siteSettings} from '@/lib/site/content/queries'
import {SiteFooter} from './SiteFooter'
import {SiteHeader} from './SiteHeader'

/** Header, main landmark and footer around every reader page. */
export async function SiteChrome({children}: {children: ReactNode}) {
  const [settings, previewing] = await Promise.all([fetchContent(siteSettings), isPreviewing()])
  const title = settings?.title ?? 'Broadsheet'
  return (
    <>
      {previewing ? <PreviewBanner /> : null}
      <SiteHeader title={title} topics={settings?.navTopics ?? []} />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <SiteFooter title={title} description={settings?.description} />
      {previewing ? <PreviewTools changesPath={DRAFT_CHANGES_PATH} /> : null}
    </>
  )
}
