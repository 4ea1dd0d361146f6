import {NOTICE_TYPE} from './notices'

/** A document as the embedded dataset stores it: any JSON object with an id and a type. */
export type StoredDocument = {_id: string; _type: string; _originalId?: string; [key: string]: unknown}

/**
 * Documents the local Content Lake never puts in the NDJSON export or the journal: the Presentation tool's preview-URL
 * secrets (in memory only: they expire within the hour and are not content) and the conflict notices (notices.ts
 * keeps them beside the journal).
 */
const EPHEMERAL_TYPES = new Set(['sanity.previewUrlSecret', 'sanity.previewUrlShareAccess', 'sanity.vercelProtectionBypass', NOTICE_TYPE])
export const isEphemeral = (doc: StoredDocument) => EPHEMERAL_TYPES.has(doc._type)
