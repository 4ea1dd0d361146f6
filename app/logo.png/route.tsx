import {ogLogo} from '@/lib/site/og'

export const dynamic = 'force-static'

/** The publisher logo JSON-LD points to: 600×60, as Google's Article guidelines suggest. */
export function GET() {
  return ogLogo()
}
