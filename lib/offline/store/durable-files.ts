// Writing whole files so a crash leaves the old bytes or the new, never a mix: the conflict notices, the compacted
// dataset file (compaction.ts), and the folder entries they rename.
import fs from 'node:fs'
import path from 'node:path'

/** Writes `data` to `file` through `temporary`: written, fsynced, renamed, and the rename fsynced. */
export function writeDurably(file: string, temporary: string, data: string | Buffer): void {
  writeSynced(temporary, data)
  fs.renameSync(temporary, file)
  fsyncDirectory(path.dirname(file))
}

/** Writes a whole file and waits for the disk. */
export function writeSynced(file: string, data: string | Buffer): void {
  const fd = fs.openSync(file, 'w')
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    for (let written = 0; written < bytes.length;) written += fs.writeSync(fd, bytes, written)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Makes a new or renamed entry in `dir` durable (POSIX). Windows cannot open a directory at all (EISDIR), and NTFS
 * journals its own metadata, so there it does nothing.
 */
export function fsyncDirectory(dir: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}
