import type {BodyBlock} from './content/models/body'

/**
 * Medium's published rate (265 words a minute), the figure most reading-time labels use; with minutes rounded up
 * it gives the seed page's "3 min. read" both for the seed's ~560 words and for our model article's 788.
 */
export const WORDS_PER_MINUTE = 265

/** The words a reader reads in a body: prose, embedded quotes and principles; not image captions. */
export function bodyPlainText(body: BodyBlock[]): string {
  return body
    .map((block) => {
      switch (block._type) {
        case 'block':
          return block.children.map((span) => span.text).join('')
        case 'quoteEmbed':
          return `${block.quote.text} ${block.quote.speakerName}`
        case 'principleListEmbed':
          return block.principleList.principles.map((p) => `${p.title} ${p.description}`).join('\n')
        default:
          return ''
      }
    })
    .join('\n')
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length
}

/** Whole minutes, rounded up as reading-time labels conventionally are (a 2.4-minute read says 3), never less than one. */
export function readingMinutes(body: BodyBlock[]): number {
  return Math.max(1, Math.ceil(countWords(bodyPlainText(body)) / WORDS_PER_MINUTE))
}
