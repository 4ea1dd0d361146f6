import {enableDraftMode} from '@/lib/site/draft-mode'

export const dynamic = 'force-dynamic'

export function GET(request: Request) {
  return enableDraftMode(request)
}
