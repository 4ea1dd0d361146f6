import type {BodyBlock} from './content/models/body'

/** Adults read non-fiction silently at about 238 words a minute (Brysbaert, 2019); we round to 230 for screens. */
export const WORDS_PER_MINUTE = 230

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

/** Whole minutes, never less than one. */
export function readingMinutes(body: BodyBlock[]): number {
  return Math.max(1, Math.round(countWords(bodyPlainText(body)) / WORDS_PER_MINUTE))
}
