import {handleRevalidation} from '@/lib/site/revalidation/route'

export const dynamic = 'force-dynamic'

export function POST(request: Request) {
  return handleRevalidation(request)
}
