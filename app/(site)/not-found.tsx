import {NotFoundMessage} from '@/components/site/NotFoundMessage'

export default function NotFound() {
  return <NotFoundMessage />
}
