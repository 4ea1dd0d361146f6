// The files and folders below a folder of the project, for the tests that check the tree itself.
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')

/** Source files, by their ending. */
export const SOURCE = /\.(ts|tsx|mjs|js)$/

/** Every file and folder below `dir`, as project-relative paths with `/` on every OS. */
export function tree(dir: string): {files: string[]; folders: string[]} {
  const entries = fs.readdirSync(path.join(ROOT, dir), {recursive: true, withFileTypes: true})
  const relative = (entry: fs.Dirent) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
  return {
    files: entries.filter((entry) => entry.isFile()).map(relative),
    folders: entries.filter((entry) => entry.isDirectory()).map(relative),
  }
}
