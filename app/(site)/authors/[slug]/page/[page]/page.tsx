import {permanentRedirect} from 'next/navigation'
import Page from '../../page'

export {generateMetadata} from '../../page'
export const revalidate = 300

type Props = {params: Promise<{slug: string; page: string}>}

export default async function ArchivePage({params}: Props) {
  const {slug, page} = await params
  if (page === '1') permanentRedirect(`/authors/${slug}`)
  return <Page params={params} />
}
