import type {ReactNode} from 'react'
import {fetchContent} from '@/lib/content/fetch'
import {siteSettings} from '@/lib/content/queries'
import {SiteFooter} from './SiteFooter'
import {SiteHeader} from './SiteHeader'

/** Header, main landmark and footer around every reader page. */
export async function SiteChrome({children}: {children: ReactNode}) {
  const settings = await fetchContent(siteSettings)
  const title = settings?.title ?? 'Broadsheet'
  return (
    <>
      <SiteHeader title={title} topics={settings?.navTopics ?? []} />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <SiteFooter title={title} description={settings?.description} />
    </>
  )
}
