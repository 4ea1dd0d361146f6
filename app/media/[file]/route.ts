import {assetsDirectory, mediaAsset} from '@/lib/offline/media'

/** An embedded-mode image, cut and scaled as the query string asks (the hosted image CDN's parameters). */
export async function GET(request: Request, {params}: RouteContext<'/media/[file]'>) {
  const {searchParams} = new URL(request.url)
  const answer = await mediaAsset(assetsDirectory(), (await params).file, searchParams, request.headers.get('accept'))
  if (answer.status !== 200) return new Response(answer.message, {status: answer.status, headers: {'Content-Type': 'text/plain'}})
  return new Response(new Uint8Array(answer.body), {
    headers: {
      'Content-Type': answer.contentType,
      // the name is the content's hash and the query string says the rest, so the answer can never change
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      ...(answer.varyOnAccept ? {Vary: 'Accept'} : {}),
    },
  })
}
