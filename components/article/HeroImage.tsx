import type {Image} from '@/lib/site/content/models/image'
import {SanityImage} from '../media/SanityImage'
import type {EditTarget} from '@/lib/site/edit-attributes'

type Props = {image: Image; edit?: EditTarget}

export function HeroImage({image, edit}: Props) {
  return (
    <figure className="hero" {...edit?.('mainImage')}>
      <SanityImage image={image} priority sizes="(min-width: 1100px) 1040px, 100vw" />
      {image.caption || image.credit ? (
        <figcaption {...edit?.('mainImage.caption')}>
          {image.caption}
          {image.credit ? (
            <span className="credit" {...edit?.('mainImage.credit')}>
              {' '}
              {image.credit}
            </span>
          ) : null}
        </figcaption>
      ) : null}
    </figure>
  )
}
