type Props = {text?: string}

/** Shown before the body of any article that contains affiliate links, as the FTC expects. */
export function AffiliateDisclosure({text}: Props) {
  return (
    <aside className="disclosure" aria-label="Affiliate disclosure">
      <p>
        <strong>Disclosure: </strong>
        {text ?? 'Broadsheet may earn a commission when you buy through links in this article.'}
      </p>
    </aside>
  )
}
