import {localLakeSessionResponse} from '@/lib/offline/lake/session-route'

export const dynamic = 'force-dynamic'

export function GET(request: Request) {
  return localLakeSessionResponse(request)
}
