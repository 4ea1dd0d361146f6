import {PAGE_SIZE, pageBounds, parsePageNumber} from '@/lib/site/pagination/pages'

describe('parsePageNumber', () => {
  it('reads a missing segment as page 1', () => {
    expect(parsePageNumber(undefined)).toBe(1)
  })

  it.each([
    ['1', 1],
    ['2', 2],
    ['10', 10],
    ['999999', 999999],
  ])('accepts %j as page %d', (segment, page) => {
    expect(parsePageNumber(segment)).toBe(page)
  })

  it.each(['0', '01', '-1', 'abc', '1.5', '1e3', ' 2', '2 ', '', '+2', '0x10', '1000000', '99999999999999999999'])(
    'rejects %j (→ 404)',
    (segment) => {
      expect(parsePageNumber(segment)).toBeUndefined()
    },
  )
})

describe('pageBounds', () => {
  it('slices twelve articles a page, zero-based and end-exclusive, plus one card past the page', () => {
    expect(PAGE_SIZE).toBe(12)
    expect(pageBounds(1)).toEqual({start: 0, end: 13})
    expect(pageBounds(2)).toEqual({start: 12, end: 25})
    expect(pageBounds(3, 5)).toEqual({start: 10, end: 16})
  })

  it.each([1, 2, 7, 200])('page %d asks for PAGE_SIZE + 1 cards, the extra one being the first of the next page', (page) => {
    const {start, end} = pageBounds(page)
    expect(end - start).toBe(PAGE_SIZE + 1)
    expect(pageBounds(page + 1).start).toBe(end - 1)
  })
})
