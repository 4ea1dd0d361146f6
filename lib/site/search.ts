/** Longest query we act on; beyond this a reader is pasting, not searching. */
export const MAX_QUERY_LENGTH = 200
/** Words that count; more only slow the match without narrowing it. */
export const MAX_TERMS = 8

export type SearchInput = {display: string; pattern: string | null; truncated: boolean}

/**
 * Turns what a reader typed into a GROQ `match` pattern of whole words, each also matching as a
 * prefix ("passk" finds "passkeys"). Punctuation, GROQ syntax and emoji fall away; the reader's text is
 * only ever a query parameter, never part of the query.
 */
export function parseSearchInput(raw: string | string[] | undefined): SearchInput {
  const text = (Array.isArray(raw) ? raw[0] : raw) ?? ''
  const truncated = text.length > MAX_QUERY_LENGTH
  const display = text.slice(0, MAX_QUERY_LENGTH).replace(/\s+/g, ' ').trim()
  const words = display.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []
  const terms = words.slice(0, MAX_TERMS).map((term) => `${term.slice(0, 40).toLowerCase()}*`)
  return {display, pattern: terms.length ? terms.join(' ') : null, truncated: truncated || words.length > MAX_TERMS}
}
