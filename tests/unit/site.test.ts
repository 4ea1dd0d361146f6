import {PAGE_SIZE, pageBounds, pageCount, parsePageNumber} from '@/lib/site'

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
  it('slices twelve articles a page, zero-based and end-exclusive', () => {
    expect(PAGE_SIZE).toBe(12)
    expect(pageBounds(1)).toEqual({start: 0, end: 12})
    expect(pageBounds(2)).toEqual({start: 12, end: 24})
    expect(pageBounds(3, 5)).toEqual({start: 10, end: 15})
  })
})

describe('pageCount', () => {
  it.each([
    [0, 1],
    [1, 1],
    [12, 1],
    [13, 2],
    [24, 2],
    [25, 3],
  ])('%d articles make %d page(s)', (total, pages) => {
    expect(pageCount(total)).toBe(pages)
  })

  it('honours a page size', () => {
    expect(pageCount(10, 5)).toBe(2)
    expect(pageCount(11, 5)).toBe(3)
  })
})
