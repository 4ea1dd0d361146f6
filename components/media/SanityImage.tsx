import NextImage from 'next/image'
import type {Image} from '@/lib/content/models/image'
import {displayedImage} from '@/lib/images'

type Props = {
  image: Image
  sizes: string
  /** The LCP image of the page: fetched first, never lazy. */
  priority?: boolean
  className?: string
  /** Show the LQIP while it loads. Off for the grid's small cards: each LQIP is ~1 KB, written twice (HTML and RSC payload). */
  blur?: boolean
}

export function SanityImage({image, sizes, priority = false, className, blur = true}: Props) {
  const {src, width, height} = displayedImage(image)
  return (
    <NextImage
      src={src}
      alt={image.alt}
      width={width}
      height={height}
      sizes={sizes}
      priority={priority}
      className={className}
      {...(blur && image.lqip ? {placeholder: 'blur' as const, blurDataURL: image.lqip} : {})}
    />
  )
}
