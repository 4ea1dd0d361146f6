import {readAsset} from '@/lib/offline/media'

export async function GET(_request: Request, {params}: RouteContext<'/media/[file]'>) {
  const asset = await readAsset((await params).file)
  if (!asset) return new Response('Not found', {status: 404, headers: {'Content-Type': 'text/plain'}})
  return new Response(new Uint8Array(asset.body), {
    headers: {
      'Content-Type': asset.contentType,
      // the name is the content's hash, so it can never change
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
