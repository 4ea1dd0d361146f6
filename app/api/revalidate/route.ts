import {handleRevalidation} from '@/lib/revalidate-route'

export const dynamic = 'force-dynamic'

export function POST(request: Request) {
  return handleRevalidation(request)
}
