// How one write becomes a journal row: a patch from the version before it, or the whole document every so often.
import {applyPatch} from 'mendoza'
import type {StoredDocument} from '../document'
import type {WriteRow} from './database'
import {mendozaPatch} from './mendoza'

/** A document's versions are stored whole at least once every this many writes, so rebuilding one applies fewer patches. */
export const WHOLE_EVERY = 32

/** What the journal knows of a document's last write: its seq, the whole version its chain starts from, and the result. */
export type Head = {seq: number; base: number | null; depth: number; doc: StoredDocument | null}

const revOf = (doc: StoredDocument) => String(doc._rev ?? '')

/** Whether `before` is the version the chain ends at (by identity, else by its JSON, key order included). */
function follows(before: StoredDocument | null, head: Head | undefined): boolean {
  const previous = head?.doc ?? null
  if (before === previous) return true
  return before !== null && previous !== null && JSON.stringify(before) === JSON.stringify(previous)
}

/**
 * The row for one write, and the document's head after it. A patch is kept only when applying it to the version
 * before, as stored (its JSON), gives the new version byte for byte (key order too, so a replayed file diffs clean) and it is smaller than
 * half the whole; otherwise, after a deletion, at a version that does not follow the journal (an outside edit) and
 * every WHOLE_EVERY writes, the whole document is stored.
 */
export function encodeWrite(
  seq: number,
  position: number,
  write: {id: string; before: StoredDocument | null; after: StoredDocument | null},
  head: Head | undefined,
): {row: WriteRow; head: Head} {
  const {id, before, after} = write
  const chained = follows(before, head)
  const row: WriteRow = {
    seq,
    position,
    document_id: id,
    before_state: before ? 1 : 0,
    before_rev: before ? revOf(before) : null,
    before_follows: chained ? 1 : 0,
    before_doc: chained || !before ? null : JSON.stringify(before),
    after_state: after ? 1 : 0,
    after_rev: after ? revOf(after) : null,
    base_seq: null,
    after: null,
  }
  if (!after) return {row, head: {seq, base: null, depth: 0, doc: null}}
  const whole = JSON.stringify(after)
  if (chained && before && head?.base != null && head.depth + 1 < WHOLE_EVERY) {
    // a replay applies the patch to the version as stored, not to the one in memory: JSON drops undefined fields,
    // which would shift the field indexes the patch counts
    const stored = JSON.parse(JSON.stringify(before))
    const patch = JSON.stringify(mendozaPatch(stored, JSON.parse(whole)))
    if (patch.length * 2 < whole.length && JSON.stringify(applyPatch(stored, JSON.parse(patch))) === whole) {
      Object.assign(row, {base_seq: head.base, after: patch})
      return {row, head: {seq, base: head.base, depth: head.depth + 1, doc: after}}
    }
  }
  Object.assign(row, {base_seq: seq, after: whole})
  return {row, head: {seq, base: seq, depth: 0, doc: after}}
}
