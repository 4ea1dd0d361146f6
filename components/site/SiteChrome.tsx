import type {ReactNode} from 'react'
import {fetchContent} from '@/lib/site/content/fetch'
import {isPreviewing} from '@/lib/site/content/request-perspective'
import {env} from '@/lib/site/env'
import {HostedVisualEditing} from '../preview/HostedVisualEditing'
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
      {previewing && env.mode === 'hosted' ? <HostedVisualEditing /> : null}
    </>
  )
}
