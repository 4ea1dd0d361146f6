import {VisualEditing} from 'next-sanity/visual-editing'

/** Click-to-edit overlays for the Presentation tool; mounted only in draft mode on a hosted project. */
export function HostedVisualEditing() {
  return <VisualEditing />
}
