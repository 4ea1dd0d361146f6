import type {Metadata} from 'next'
import type {ReactNode} from 'react'
import {env} from '@/lib/site/env'
import {serif} from '@/lib/site/fonts'

export const metadata: Metadata = {
  metadataBase: new URL(env.siteUrl),
  title: {default: 'Broadsheet', template: '%s · Broadsheet'},
  description: 'Technology news, with the quotes and principles behind the stories.',
}

export default function RootLayout({children}: {children: ReactNode}) {
  return (
    <html lang="en" className={serif.variable}>
      <body>{children}</body>
    </html>
  )
}
