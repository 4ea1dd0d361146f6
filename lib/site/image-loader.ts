// next/image's loaderFile in hosted mode: Sanity's CDN resizes; anything local still goes to Next's optimizer.
type LoaderProps = {src: string; width: number; quality?: number}

export default function imageLoader({src, width, quality}: LoaderProps): string {
  if (src.startsWith('https://cdn.sanity.io/')) {
    const url = new URL(src)
    url.searchParams.set('w', String(width))
    url.searchParams.set('q', String(quality ?? 75))
    return url.toString()
  }
  return `/_next/image?url=${encodeURIComponent(src)}&w=${width}&q=${quality ?? 75}`
}
