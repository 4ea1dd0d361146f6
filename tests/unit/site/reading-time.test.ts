import {WORDS_PER_MINUTE, bodyPlainText, countWords, readingMinutes} from '@/lib/site/reading-time'
import type {BodyBlock} from '@/lib/site/content/models/body'

const words = (count: number) => Array.from({length: count}, (_, i) => `word${i}`).join(' ')
const paragraph = (text: string): BodyBlock => ({
  _type: 'block',
  _key: `p${text.length}`,
  style: 'normal',
  markDefs: [],
  children: [{_type: 'span', text, marks: []}],
})

describe('countWords', () => {
  it('counts words separated by any whitespace', () => {
    expect(countWords('Microsoft will not\tsell\nfacial   recognition')).toBe(6)
  })

  it('does not count punctuation or dashes standing alone', () => {
    expect(countWords('Smith said — and then — nothing . !')).toBe(5)
  })

  it('counts words in any script, and numbers', () => {
    expect(countWords('Vestager sagte: Vertrauen ist 2024 nötig; 信頼')).toBe(7)
  })

  it('is zero for an empty text', () => {
    expect(countWords('')).toBe(0)
    expect(countWords('   ')).toBe(0)
  })
})

describe('bodyPlainText', () => {
  it('reads prose, quotes with their speaker and principles, but not image captions', () => {
    const body: BodyBlock[] = [
      {
        _type: 'block',
        _key: 'a',
        style: 'normal',
        markDefs: [],
        children: [
          {_type: 'span', text: 'Two ', marks: []},
          {_type: 'span', text: 'spans', marks: ['strong']},
        ],
      },
      {
        _type: 'quoteEmbed',
        _key: 'q',
        quote: {
          _id: 'q',
          slug: 'q',
          text: 'Our position is straightforward.',
          speakerName: 'Brad Smith',
          speakerRole: 'President',
          organization: 'Microsoft',
        },
      },
      {
        _type: 'principleListEmbed',
        _key: 'l',
        principleList: {
          _id: 'l',
          title: 'Principles',
          slug: 'l',
          organization: 'Microsoft',
          intro: undefined,
          sourceUrl: undefined,
          principles: [
            {_key: '1', title: 'Fairness', description: 'Treat everyone fairly.'},
            {_key: '2', title: 'Transparency', description: 'Say what it does.'},
          ],
        },
      },
      {
        _type: 'image',
        _key: 'i',
        assetRef: 'image-abc-10x10-png',
        alt: 'Alt text',
        caption: 'A caption',
        credit: 'Photo credit',
        lqip: undefined,
      },
    ]
    const text = bodyPlainText(body)
    expect(text).toContain('Two spans')
    expect(text).toContain('Our position is straightforward. Brad Smith')
    expect(text).toContain('Fairness Treat everyone fairly.\nTransparency Say what it does.')
    expect(text).not.toContain('caption')
    expect(text).not.toContain('Alt text')
    expect(text).not.toContain('Photo credit')
  })
})

describe('readingMinutes', () => {
  it(`reads ${WORDS_PER_MINUTE} words a minute`, () => {
    expect(WORDS_PER_MINUTE).toBe(265)
    expect(readingMinutes([paragraph(words(265))])).toBe(1)
    expect(readingMinutes([paragraph(words(530))])).toBe(2)
  })

  it('rounds up to the next whole minute, as reading-time labels do', () => {
    expect(readingMinutes([paragraph(words(266))])).toBe(2)
    // the seed page's body: about 560 words, "3 min. read"
    expect(readingMinutes([paragraph(words(560))])).toBe(3)
    expect(readingMinutes([paragraph(words(795))])).toBe(3)
    expect(readingMinutes([paragraph(words(796))])).toBe(4)
  })

  it('never says less than one minute', () => {
    expect(readingMinutes([])).toBe(1)
    expect(readingMinutes([paragraph('Short.')])).toBe(1)
  })

  it('counts words across blocks', () => {
    expect(readingMinutes([paragraph(words(300)), paragraph(words(300)), paragraph(words(195))])).toBe(3)
    expect(readingMinutes([paragraph(words(300)), paragraph(words(300)), paragraph(words(196))])).toBe(4)
  })
})
