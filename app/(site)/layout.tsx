import type {Metadata} from 'next'
import type {ReactNode} from 'react'
import {SiteChrome} from '@/components/site/SiteChrome'
import {isPreviewing} from '@/lib/site/content/request-perspective'
import './site.css'

export async function generateMetadata(): Promise<Metadata> {
  // a preview must never be indexed, even if its URL leaks
  return (await isPreviewing()) ? {robots: {index: false, follow: false}} : {}
}

export default function SiteLayout({children}: {children: ReactNode}) {
  return <SiteChrome>{children}</SiteChrome>
}
