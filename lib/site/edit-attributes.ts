import {createDataAttribute} from 'next-sanity'

/** Where the Studio is mounted: the overlays' "Open in Studio" links go there outside the Presentation tool. */
const STUDIO_PATH = '/studio'

/** The attribute the Presentation tool's overlays map to a document and field. */
export type EditAttributes = {'data-sanity'?: string}

/** One document's fields, by Studio path (`title`, `body[_key=="a1"]`, `principles[_key=="p2"].description`). */
export type EditTarget = (path: string) => EditAttributes

/** Makes the edit target of a document on the page. */
export type Editing = (doc: {_id: string; _type: string}) => EditTarget

/**
 * Click-to-edit for a draft-mode page: components spread `{...edit?.('title')}` on what shows a field, and the
 * Presentation tool's overlay opens that field of that document. Outside draft mode there is nothing to spread, so
 * reader pages carry no `data-sanity` attribute. The attributes name the document, not a Content Source Map, so the
 * same mechanism serves the embedded store and the hosted Content Lake (the Studio's workspace supplies the project).
 */
export function editingFor(previewing: boolean): Editing | undefined {
  if (!previewing) return undefined
  return ({_id, _type}) => {
    const attribute = createDataAttribute({baseUrl: STUDIO_PATH, id: _id, type: _type})
    return (path) => ({'data-sanity': attribute(path)})
  }
}

/** The Studio path of an array item, by its `_key`. */
export const keyed = (array: string, key: string) => `${array}[_key==${JSON.stringify(key)}]`
