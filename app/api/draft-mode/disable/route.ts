import {disableDraftMode} from '@/lib/draft-mode'

export const dynamic = 'force-dynamic'

export function GET(request: Request) {
  return disableDraftMode(request)
}
