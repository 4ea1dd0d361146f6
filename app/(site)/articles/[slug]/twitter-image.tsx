export {default, size, contentType, alt, revalidate} from './opengraph-image'
