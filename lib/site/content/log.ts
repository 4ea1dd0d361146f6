// The document being parsed, so a drop deep inside it (a list item, a broken field) is logged with the
// id of the document it belongs to. Zod parses synchronously, so one slot with save-and-restore nests.
let owner: string | undefined

/** Runs `parse` with `id` as the owning document of anything dropped inside it. */
export function withOwner<T>(id: unknown, parse: () => T): T {
  if (typeof id !== 'string' || !id) return parse()
  const previous = owner
  owner = id
  try {
    return parse()
  } finally {
    owner = previous
  }
}

/** Where dropped content is reported: one line naming the document and the path inside it. */
export function logDropped(documentId: string | undefined, path: string, reason: string): void {
  console.warn(`[content] dropped ${path} in document ${documentId ?? owner ?? '(unknown id)'}: ${reason}`)
}

export function describeZodError(error: {issues: {path: PropertyKey[]; message: string}[]}): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ')
}
