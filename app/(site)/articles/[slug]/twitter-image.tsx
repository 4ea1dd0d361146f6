import OpenGraphImage from './opengraph-image'

export const revalidate = 300
export const size = {width: 1200, height: 630}
export const contentType = 'image/png'
export const alt = 'The story’s lead image'

// the same card as Open Graph; Next needs the segment config written out here, not re-exported
export default OpenGraphImage
