// Documents rebuilt from the journal: the nearest whole version of a document, then its patches up to the version asked.
import {applyPatch} from 'mendoza'
import type {StoredDocument} from '../document'
import type {Statements, WriteRow} from './database'

/**
 * Rebuilds a document as it was after a write, and before it. Remembers the last version it rebuilt of each
 * document, so reads in journal order (a replay, a page of history) apply each patch once. `rowsRead` counts the
 * journal rows read, so tests can hold a read to the size of what it asked for.
 */
export class DocumentStates {
  rowsRead = 0
  /** The rows read with a version (a whole document, a patch) or a document recorded before a write. */
  versionsRead = 0
  private last = new Map<string, {seq: number; base: number; doc: StoredDocument}>()

  constructor(private readonly sql: Statements) {}

  /** The document as `row` left it: null when the write deleted it. */
  after(row: WriteRow): StoredDocument | null {
    if (!row.after_state || row.after === null || row.base_seq === null) return null
    if (row.base_seq === row.seq) return this.remember(row, JSON.parse(row.after))
    const known = this.last.get(row.document_id)
    let doc: StoredDocument
    let from: number
    if (known && known.base === row.base_seq && known.seq <= row.seq) {
      if (known.seq === row.seq) return known.doc
      ;[doc, from] = [known.doc, known.seq]
    } else {
      const base = this.row(row.document_id, row.base_seq)
      if (!base?.after) throw new Error(`the journal lacks the whole version ${row.base_seq} of ${row.document_id}`)
      ;[doc, from] = [JSON.parse(base.after), row.base_seq]
    }
    const patches = this.sql.chain.all(row.document_id, from, row.seq) as {seq: number; after: string}[]
    this.rowsRead += patches.length
    this.versionsRead += patches.length
    for (const patch of patches) doc = applyPatch(doc, JSON.parse(patch.after))
    return this.remember(row, doc)
  }

  /** The document as it was before `row`: the previous write's result, or the version recorded with the row. */
  before(row: WriteRow): StoredDocument | null {
    if (!row.before_state) return null
    if (!row.before_follows) return row.before_doc === null ? null : JSON.parse(row.before_doc)
    const previous = this.sql.previousSeq.get(row.document_id, row.seq) as number | undefined
    const earlier = previous === undefined ? undefined : this.row(row.document_id, previous)
    return earlier ? this.after(earlier) : null
  }

  /** One write row, counted. */
  row(documentId: string, seq: number): WriteRow | undefined {
    return this.counted(this.sql.write.get(documentId, seq) as WriteRow | undefined)
  }

  /** A whole write row that was read, counted with the versions it holds. */
  counted(row: WriteRow | undefined): WriteRow | undefined {
    if (!row) return row
    this.rowsRead++
    if (row.after !== null || row.before_doc !== null) this.versionsRead++
    return row
  }

  private remember(row: WriteRow, doc: StoredDocument): StoredDocument {
    this.last.set(row.document_id, {seq: row.seq, base: row.base_seq!, doc})
    return doc
  }
}
