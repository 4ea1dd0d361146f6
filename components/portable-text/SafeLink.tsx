import type {ReactNode} from 'react'
import {SAFE_HREF} from '@/lib/site/content/models/body'

type Props = {href?: string; children: ReactNode}

/** An external link, only for http, https, mailto and tel; anything else is shown as plain text. */
export function SafeLink({href, children}: Props) {
  if (!href || !SAFE_HREF.test(href.trim())) return <>{children}</>
  const external = /^https?:/i.test(href)
  return (
    <a href={href.trim()} {...(external ? {rel: 'noopener noreferrer'} : {})}>
      {children}
    </a>
  )
}
