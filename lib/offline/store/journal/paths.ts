import path from 'node:path'

/**
 * Where a dataset file's journal lives: `.broadsheet/` beside the file (ignored by git at any depth), so a dataset
 * anywhere (BROADSHEET_DATASET_FILE) gets its own journal on its own file system. `legacyLog` and `legacyMarker` are
 * the transaction log and its marker from before the journal: imported at first open, then renamed `retired`.
 */
export function journalPaths(datasetFile: string) {
  const dir = path.join(path.dirname(datasetFile), '.broadsheet')
  const base = path.basename(datasetFile)
  return {
    dir,
    /** The name the other files of this dataset in `.broadsheet/` start with (its writer lock, its notices). */
    base,
    journal: path.join(dir, `${base}.journal.sqlite`),
    legacyLog: path.join(dir, `${base}.txlog`),
    legacyMarker: path.join(dir, `${base}.compacted.json`),
    retired: path.join(dir, `${base}.txlog.imported`),
    temporary: `${base}.compacting-`,
  }
}

export type JournalPaths = ReturnType<typeof journalPaths>
