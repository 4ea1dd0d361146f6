/** Where dropped content is reported: one line naming the document and the path inside it. */
export function logDropped(documentId: string | undefined, path: string, reason: string): void {
  console.warn(`[content] dropped ${path} in document ${documentId ?? '(unknown id)'}: ${reason}`)
}

export function describeZodError(error: {issues: {path: PropertyKey[]; message: string}[]}): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ')
}
