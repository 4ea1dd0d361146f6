import {digest} from './compaction'
import type {FileLines} from './dataset-file'
import type {StoredDocument} from './document'
import type {ConflictNotice, ConflictNotices} from './notices'

/** A document both the editor (through the lake) and an outside edit changed: the outside version is current. */
export type Conflict = {
  id: string
  /** The draft the editor's version was kept as, or null where it is in history only (see mergeOutsideEdit). */
  keptAs: string | null
  /** What the outside version is (a digest of it, or `deleted`): a merge done again names the same conflict (notices.ts). */
  outside: string
}

export type Merge = {documents: StoredDocument[]; conflicts: Conflict[]; /** ids where the editor's version stands */ kept: string[]}

const same = (a: StoredDocument | undefined, b: StoredDocument | undefined) =>
  a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b))

/** The ids whose version in `local` is not the one in `base` (changed, added or deleted since the file was read). */
export function changedSince(base: ReadonlyMap<string, StoredDocument>, local: ReadonlyMap<string, StoredDocument>): string[] {
  return [...new Set([...base.keys(), ...local.keys()])].filter((id) => !same(local.get(id), base.get(id)))
}

const draftOf = (id: string) => (id.startsWith('drafts.') || id.includes('.') ? null : `drafts.${id}`)

/**
 * A three-way merge per document of an edit made to the dataset file from outside (a git pull, a hand edit)
 * with the commits the file lacks, against the file both started from (`base`):
 * - a document only one side changed takes that side;
 * - a document both changed to different versions is a conflict: the outside version is current, and the
 *   editor's is kept as the document's draft where the merged dataset has no draft for it; otherwise (the
 *   document is a draft itself, the editor deleted it, or its draft is taken) it stays in history only.
 * Documents come in the outside file's order, then the editor's new ones in theirs.
 */
export function mergeOutsideEdit(
  base: ReadonlyMap<string, StoredDocument>,
  local: ReadonlyMap<string, StoredDocument>,
  outside: readonly StoredDocument[],
): Merge {
  const merged = new Map(outside.map((doc) => [doc._id, doc]))
  const outsideById = new Map(merged)
  const conflicting: string[] = []
  const kept: string[] = []
  for (const id of changedSince(base, local)) {
    const before = base.get(id)
    const ours = local.get(id)
    const theirs = outsideById.get(id)
    if (same(theirs, before) || same(ours, theirs)) {
      if (ours) merged.set(id, ours)
      else merged.delete(id)
      kept.push(id)
    } else conflicting.push(id)
  }
  // second pass, so a draft slot is judged on the merged dataset, whatever order the ids came in
  const conflicts = conflicting.map((id): Conflict => {
    const ours = local.get(id)
    const draft = draftOf(id)
    const theirs = outsideById.get(id)
    const outside = theirs ? digest(Buffer.from(JSON.stringify(theirs))) : 'deleted'
    if (!ours || !draft || merged.has(draft)) return {id, keptAs: null, outside}
    merged.set(draft, {...ours, _id: draft})
    return {id, keptAs: draft, outside}
  })
  return {documents: [...merged.values()], conflicts, kept}
}

/**
 * The merge as the store applies it to a file changed from outside: the editor's saves (`ours`, made on `base`) merged
 * into the file's documents, each conflict logged with its id and recorded as a notice (notices.ts). The lines of what
 * the merge took from the editor go from `lines`, as they are not the file's.
 */
export function mergeIntoFile(
  file: string,
  notices: ConflictNotices,
  {base, ours}: {base: ReadonlyMap<string, StoredDocument>; ours: ReadonlyMap<string, StoredDocument>},
  outside: StoredDocument[],
  lines: FileLines,
  when: string,
): {documents: StoredDocument[]; notices: ConflictNotice[]; keptAny: boolean} {
  const merge = mergeOutsideEdit(base, ours, outside)
  if (merge.conflicts.length) {
    console.warn(
      `[store] ${file} changed on disk ${when}: ${merge.conflicts.length} document(s) changed on both sides. ` +
        `The file's version is current; the Studio's is kept as the draft where it could be, else in history: ` +
        merge.conflicts.map(({id, keptAs}) => `${id} (${keptAs ? `kept as ${keptAs}` : 'in history'})`).join(', '),
    )
  }
  for (const id of [...merge.kept, ...merge.conflicts.flatMap(({id, keptAs}) => [id, keptAs ?? id])]) lines.spans.delete(id)
  const keptAny = merge.kept.length > 0 || merge.conflicts.length > 0
  return {documents: merge.documents, notices: notices.add(merge.conflicts), keptAny}
}
