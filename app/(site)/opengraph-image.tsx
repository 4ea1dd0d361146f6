import {OG_SIZE, ogCard} from '@/lib/site/og'

export const size = OG_SIZE
export const contentType = 'image/png'
export const alt = 'Broadsheet: technology news'

export default function OpenGraphImage() {
  return ogCard({kicker: 'Technology news', title: 'The quotes and principles behind the stories'})
}
