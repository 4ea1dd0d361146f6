// README's layout (the code block under "## Architecture") is the map a newcomer reads first: every folder of lib/ and
// sanity/ is on it, and every file or folder it names exists where it says.
import fs from 'node:fs'
import path from 'node:path'
import {SOURCE, tree} from '../../support/tree'

const ROOT = process.cwd()
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const block = /## Architecture[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
/** Entries start within the name column; the descriptions start at column 21. */
const NAME_COLUMN = 20

/** Every path the layout names, built from its indentation: `lib/site/` then `  content/` is lib/site/content. */
function namedPaths(): string[] {
  const parents: {indent: number; path: string}[] = []
  const named: string[] = []
  for (const line of block.split('\n')) {
    const match = /^( *)(\S.*?)(?: {2,}|$)/.exec(line)
    if (!match || match[1].length >= NAME_COLUMN) continue
    const indent = match[1].length
    while (parents.length && parents.at(-1)!.indent >= indent) parents.pop()
    const parent = parents.at(-1)?.path
    const names = match[2].split(/,\s*|\s*→\s*/).filter((name) => /^[\w.()[\]/-]+$/.test(name))
    for (const name of names) named.push(parent ? `${parent}/${name.replace(/\/$/, '')}` : name.replace(/\/$/, ''))
    if (names.length === 1 && names[0].endsWith('/')) parents.push({indent, path: named.at(-1)!})
  }
  return named
}

describe("README's layout", () => {
  const named = namedPaths()

  it('lists every folder of lib/ and sanity/', () => {
    const all = [...tree('lib').folders, ...tree('sanity').folders.filter((dir) => !dir.startsWith('sanity/demo/'))]
    expect(all.filter((dir) => !named.includes(dir))).toEqual([])
  })

  it('names every module of lib/', () => {
    const modules = tree('lib').files.filter((file) => SOURCE.test(file))
    expect(modules.filter((file) => !named.includes(file))).toEqual([])
  })

  it('names only files and folders that exist', () => {
    expect(named.length).toBeGreaterThan(60)
    expect(named.filter((entry) => !fs.existsSync(path.join(ROOT, entry)))).toEqual([])
  })
})
