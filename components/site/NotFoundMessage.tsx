import Link from 'next/link'

export function NotFoundMessage() {
  return (
    <section className="not-found">
      <h1>We can’t find that page</h1>
      <p>The link may be broken, or the story may have moved. Try one of these instead:</p>
      <ul>
        <li>
          <Link prefetch={false} href="/">
            The latest stories
          </Link>
        </li>
        <li>
          <Link prefetch={false} href="/quotes">
            Quotes from the people shaping tech
          </Link>
        </li>
        <li>
          <Link prefetch={false} href="/principles">
            Principles companies have published
          </Link>
        </li>
      </ul>
    </section>
  )
}
