import fs from 'node:fs'
import path from 'node:path'
import {digest} from './compaction'
import type {StoredDocument} from './document'
import type {Conflict} from './merge'
import {writeDurably} from './durable-files'
import type {JournalPaths} from './journal/paths'

/** The type of a notice document: kept in memory and in `.broadsheet/`, never in the NDJSON or the log. */
export const NOTICE_TYPE = 'broadsheet.conflictNotice'

/** What the Studio shows on a document both an outside edit and the editor changed (conflictNoticeWarning in sanity/lib/validation.ts). */
export type ConflictNotice = StoredDocument & {
  _type: typeof NOTICE_TYPE
  /** The published id of the document: the notice shows on it and on its draft. */
  documentId: string
  /** The id that conflicted (the document or its draft). */
  conflictedId: string
  /** Where the editor's version was kept: a draft id, or null for history only. */
  keptAs: string | null
  at: string
}

const publishedId = (id: string) => id.replace(/^drafts\./, '')

/**
 * The conflict notices of one dataset file, kept in a JSON file beside its log so they outlive a restart, until the
 * editor publishes the document (settle).
 */
export class ConflictNotices {
  private readonly file: string
  private notices: ConflictNotice[]

  constructor(
    paths: JournalPaths,
    private readonly readOnly: boolean,
  ) {
    this.file = path.join(paths.dir, `${paths.base}.notices.json`)
    this.notices = read(this.file)
  }

  documents(): readonly ConflictNotice[] {
    return this.notices
  }

  /**
   * Records one notice per conflict and returns the conflicts' notices. A notice's id comes from the document and the
   * outside version, so a merge done again (its merged file never written: a crash, a failed write) adds none twice.
   */
  add(conflicts: readonly Conflict[]): ConflictNotice[] {
    const at = new Date().toISOString()
    const existing = new Map(this.notices.map((notice) => [notice._id, notice]))
    const notices = conflicts.map(({id, keptAs, outside}): ConflictNotice => {
      const _id = `notice.${digest(Buffer.from(`${id}\n${outside}`))}`
      return existing.get(_id) ?? {_id, _type: NOTICE_TYPE, documentId: publishedId(id), conflictedId: id, keptAs, at}
    })
    const added = [...new Map(notices.filter((notice) => !existing.has(notice._id)).map((n) => [n._id, n])).values()]
    if (added.length) this.save([...this.notices, ...added])
    return notices
  }

  /** Drops the notices on these published ids (they were just published) and returns the dropped notices' ids. */
  settle(publishedIds: readonly string[]): string[] {
    if (!this.notices.length || !publishedIds.length) return []
    const ids = new Set(publishedIds)
    const settled = this.notices.filter((notice) => ids.has(notice.documentId))
    if (settled.length) this.save(this.notices.filter((notice) => !ids.has(notice.documentId)))
    return settled.map((notice) => notice._id)
  }

  /** Keeps the notices in memory even where the file cannot be written (a full disk): they are a warning, not data. */
  private save(notices: ConflictNotice[]): void {
    this.notices = notices
    if (this.readOnly) return
    try {
      fs.mkdirSync(path.dirname(this.file), {recursive: true})
      writeDurably(this.file, `${this.file}.tmp`, JSON.stringify(notices, null, 2))
    } catch (error) {
      console.error(`[store] could not write ${this.file} (the conflict notices show until this server stops): ${(error as Error).message}`)
    }
  }
}

function read(file: string): ConflictNotice[] {
  try {
    const notices = JSON.parse(fs.readFileSync(file, 'utf8'))
    return Array.isArray(notices) ? notices.filter((notice) => notice?._type === NOTICE_TYPE) : []
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      console.warn(`[store] ${file} could not be read, so no conflict notices show: ${(error as Error).message}`)
    return []
  }
}
