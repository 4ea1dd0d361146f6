/** Dates are shown in one newsroom time zone so server and reader never disagree about "today". */
export const NEWSROOM_TIME_ZONE = 'UTC'

const longDate = new Intl.DateTimeFormat('en-US', {dateStyle: 'long', timeZone: NEWSROOM_TIME_ZONE})

export function formatDate(iso: string): string {
  return longDate.format(new Date(iso))
}
