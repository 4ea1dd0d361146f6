import NextImage from 'next/image'
import type {Image} from '@/lib/content/schemas'
import {assetDimensions, imageSource} from '@/lib/images'

type Props = {
  image: Image
  sizes: string
  /** The LCP image of the page: fetched first, never lazy. */
  priority?: boolean
  className?: string
}

export function SanityImage({image, sizes, priority = false, className}: Props) {
  const {width, height} = assetDimensions(image.assetRef)
  return (
    <NextImage
      src={imageSource(image)}
      alt={image.alt}
      width={width}
      height={height}
      sizes={sizes}
      priority={priority}
      className={className}
      {...(image.lqip ? {placeholder: 'blur' as const, blurDataURL: image.lqip} : {})}
    />
  )
}
