type Props = {defaultValue?: string; id?: string}

/** A plain GET form: works without JavaScript, and the URL is shareable. */
export function SearchForm({defaultValue, id = 'search-q'}: Props) {
  return (
    <form role="search" action="/search" method="get" className="search-form">
      <label htmlFor={id} className="visually-hidden">
        Search Broadsheet
      </label>
      <input id={id} name="q" type="search" defaultValue={defaultValue} placeholder="Search stories, quotes, principles" maxLength={200} />
      <button type="submit">Search</button>
    </form>
  )
}
