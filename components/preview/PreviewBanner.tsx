/** Tells an editor they are looking at drafts, with a one-click way out. A plain link: no client JS. */
export function PreviewBanner() {
  return (
    <aside className="preview-banner" aria-label="Preview mode">
      <p>
        <strong>Preview:</strong> this page shows unpublished changes. Readers cannot see them.
      </p>
      {/* a route handler, not a page: <Link> would prefetch it and leave preview */}
      <a href="/api/draft-mode/disable" className="preview-exit">
        Exit preview
      </a>
    </aside>
  )
}
