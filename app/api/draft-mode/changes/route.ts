import {draftChangesResponse} from '@/lib/site/draft-changes'

export const dynamic = 'force-dynamic'

export function GET(request: Request) {
  return draftChangesResponse(request)
}
