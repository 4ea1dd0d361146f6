import {notFound} from 'next/navigation'

// Any URL no other route claims gets the site's own 404 page, inside the site layout.
export default function MissingPage() {
  notFound()
}
