import type {Image} from '@/lib/site/content/models/image'
import {SanityImage} from '../media/SanityImage'

type Props = {image: Image}

export function HeroImage({image}: Props) {
  return (
    <figure className="hero">
      <SanityImage image={image} priority sizes="(min-width: 1100px) 1040px, 100vw" />
      {image.caption || image.credit ? (
        <figcaption>
          {image.caption}
          {image.credit ? <span className="credit"> {image.credit}</span> : null}
        </figcaption>
      ) : null}
    </figure>
  )
}
