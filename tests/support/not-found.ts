/** What next/navigation's notFound() throws: an error whose digest Next turns into a 404 page. */
export const isNotFound = (error: unknown) =>
  typeof (error as {digest?: unknown})?.digest === 'string' && (error as {digest: string}).digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;404')

/** What a page throws (a 404 is thrown); fails when it renders instead. */
export async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the page to throw')
}
