/** A document as the embedded dataset stores it: any JSON object with an id and a type. */
export type StoredDocument = {_id: string; _type: string; _originalId?: string; [key: string]: unknown}
