import {MAX_QUERY_LENGTH, MAX_TERMS, parseSearchInput} from '@/lib/site/search'

describe('parseSearchInput', () => {
  it.each([[undefined], [''], ['   \t\n '], [[]]])('reads %j as no search', (raw) => {
    expect(parseSearchInput(raw as string | string[] | undefined)).toEqual({display: '', pattern: null, truncated: false})
  })

  it('makes each word a lower-case prefix pattern', () => {
    expect(parseSearchInput('Passk Sanity')).toEqual({display: 'Passk Sanity', pattern: 'passk* sanity*', truncated: false})
  })

  it('collapses whitespace in what it shows back', () => {
    expect(parseSearchInput('  passkeys \n\t  security  ').display).toBe('passkeys security')
  })

  it('reads the first value when the parameter is repeated', () => {
    expect(parseSearchInput(['first', 'second']).pattern).toBe('first*')
  })

  it.each([
    ['*[_type == "user"]{email}', 'type* user* email*'],
    ['"] | order(_id) [0...9', 'order* id* 0* 9*'],
    ['$slug && @->title', 'slug* title*'],
    ['don’t-stop, (please)!', 'don* t* stop* please*'],
  ])('drops punctuation and GROQ syntax from %j', (raw, pattern) => {
    expect(parseSearchInput(raw).pattern).toBe(pattern)
  })

  it.each([['🔥🚀'], ['*** ### !!!'], ['"]{}']])('gives no pattern for %j, which has no words', (raw) => {
    expect(parseSearchInput(raw).pattern).toBeNull()
  })

  it('drops emoji between words', () => {
    expect(parseSearchInput('🔥passkeys 🚀 launch👍').pattern).toBe('passkeys* launch*')
  })

  it('keeps letters and digits beyond ASCII', () => {
    expect(parseSearchInput('Müller 東京 2026').pattern).toBe('müller* 東京* 2026*')
  })

  it('normalises compatibility forms (NFKC) so full-width and ligature spellings match', () => {
    expect(parseSearchInput('ＰＡＳＳＫＥＹＳ ﬁle').pattern).toBe('passkeys* file*')
  })

  it('cuts a very long word to 40 characters', () => {
    expect(parseSearchInput('a'.repeat(60)).pattern).toBe(`${'a'.repeat(40)}*`)
  })

  it(`keeps ${MAX_TERMS} words without calling it truncated`, () => {
    const words = Array.from({length: MAX_TERMS}, (_, i) => `w${i}`)
    expect(parseSearchInput(words.join(' '))).toEqual({
      display: words.join(' '),
      pattern: words.map((word) => `${word}*`).join(' '),
      truncated: false,
    })
  })

  it(`keeps the first ${MAX_TERMS} words of more, and says it cut them`, () => {
    const words = Array.from({length: MAX_TERMS + 1}, (_, i) => `w${i}`)
    const input = parseSearchInput(words.join(' '))
    expect(input.pattern).toBe(
      words
        .slice(0, MAX_TERMS)
        .map((word) => `${word}*`)
        .join(' '),
    )
    expect(input.truncated).toBe(true)
  })

  it(`cuts input at ${MAX_QUERY_LENGTH} characters, and says it did`, () => {
    const input = parseSearchInput(`passkeys ${'x'.repeat(MAX_QUERY_LENGTH)}`)
    expect(input.display).toBe(`passkeys ${'x'.repeat(MAX_QUERY_LENGTH - 'passkeys '.length)}`)
    expect(input.display).toHaveLength(MAX_QUERY_LENGTH)
    expect(input.truncated).toBe(true)
  })

  it(`does not call input of exactly ${MAX_QUERY_LENGTH} characters truncated`, () => {
    const input = parseSearchInput('y'.repeat(MAX_QUERY_LENGTH))
    expect(input.display).toHaveLength(MAX_QUERY_LENGTH)
    expect(input.truncated).toBe(false)
  })
})
