import {NotFoundMessage} from '@/components/site/NotFoundMessage'
import {SiteChrome} from '@/components/site/SiteChrome'
import './(site)/site.css'

/**
 * The 404 page for a URL no route claims (Next's `/_not-found`), inside the site's chrome. Next renders it into
 * the HTML, which it does not do for `notFound()` in a page (vercel/next.js#62228); `npm start` serves this page's
 * HTML for those too (lib/node/front/reader-response.mjs).
 */
export default function NotFound() {
  return (
    <SiteChrome>
      <NotFoundMessage />
    </SiteChrome>
  )
}
