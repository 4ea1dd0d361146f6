import {render} from '@testing-library/react'
import {ReadingTime} from '@/components/article/ReadingTime'

describe('ReadingTime', () => {
  it('reads "3 min read"', () => {
    const {container} = render(<ReadingTime minutes={3} />)
    expect(container).toHaveTextContent(/^3 min read$/)
  })

  it('reads "1 min read" for a short piece', () => {
    const {container} = render(<ReadingTime minutes={1} />)
    expect(container).toHaveTextContent(/^1 min read$/)
  })
})
