import NextImage from 'next/image'
import type {Image} from '@/lib/site/content/models/image'
import {displayedImage} from '@/lib/site/images'

type Props = {
  image: Image
  sizes: string
  /** The LCP image of the page: fetched first, never lazy. */
  priority?: boolean
  className?: string
}

/** No blur placeholder: next/image takes it off with script, and reader pages ship none (the LQIP would stay behind the image). */
export function SanityImage({image, sizes, priority = false, className}: Props) {
  const {src, width, height} = displayedImage(image)
  // Next 16: `preload` writes the preload link; `priority` is deprecated and no longer asks for high priority
  return (
    <NextImage
      src={src}
      alt={image.alt}
      width={width}
      height={height}
      sizes={sizes}
      preload={priority}
      fetchPriority={priority ? 'high' : undefined}
      className={className}
    />
  )
}
