// What `npm start` would silently break on a reader route: it strips every script from reader pages
// (lib/node/front/script-filter.mjs), so a 'use client' component of ours or of a package, next/script, next/dynamic,
// or a streamed Suspense boundary (its content arrives hidden, shown only by a script) renders dead. This walks each
// reader route's imports from source, resolved as TypeScript resolves them (tsconfig paths included), and into
// packages as far as their entry files, and names what it finds.
import fs from 'node:fs'
import {createRequire, isBuiltin} from 'node:module'
import path from 'node:path'
import ts from 'typescript'

/** Route files Next renders as HTML; a loading.tsx is itself a Suspense boundary around its page. */
const ROUTE_FILE = /^(page|layout|template|not-found|error|global-error|default|loading)\.(tsx|ts|jsx|js)$/
/** Routes the front leaves alone (lib/node/front/reader-decision.mjs isFrontRequest): they keep their scripts. */
const NOT_READER = /^app\/(api|studio|media)(\/|$)/
const USE_CLIENT = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use client['"]/
const SUSPENSE = /<(?:React\.)?Suspense[\s>]/

export type ReaderRouteProblem = {route: string; file: string; problem: string}

/** The package a bare specifier names: `next-sanity/image` → `next-sanity`, `@sanity/ui/theme` → `@sanity/ui`. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/')

/** The imports a module's source names, dynamic `import('…')` included (next/dynamic loads through one). */
const importsOf = (source: string) => ts.preProcessFile(source, true, true).importedFiles.map(({fileName}) => fileName)

/**
 * The 'use client' module a package import brings in, if any: the entry file the specifier resolves to (by Node's
 * resolution, as Next resolves it on the server), or the entry of another path of the same package that entry imports
 * (`next-sanity/visual-editing` renders `next-sanity/visual-editing/client-component`). A package's inner files are
 * not read: `next/link` is a client module inside, yet its link is a plain <a> without a script, and reading whole
 * packages would make the check slow.
 */
function clientEntryOf(specifier: string, from: string, seen = new Set<string>()): string | undefined {
  let entry: string
  try {
    entry = createRequire(from).resolve(specifier)
  } catch {
    // exported for `import` only, or not installed: TypeScript's check reports the latter
    return undefined
  }
  if (seen.has(entry) || !fs.existsSync(entry)) return undefined
  seen.add(entry)
  const source = fs.readFileSync(entry, 'utf8')
  if (USE_CLIENT.test(source)) return specifier
  const own = importsOf(source).filter((name) => packageOf(name) === packageOf(specifier) && name !== specifier)
  for (const name of own) {
    const client = clientEntryOf(name, entry, seen)
    if (client) return client
  }
  return undefined
}

/** Every HTML route file under `root`/app that the front serves script-free, relative to `root`. */
export function readerRouteFiles(root: string): string[] {
  const files = fs.readdirSync(path.join(root, 'app'), {recursive: true, encoding: 'utf8'})
  return files
    .map((file) => path.posix.join('app', file.split(path.sep).join('/')))
    .filter((file) => ROUTE_FILE.test(path.posix.basename(file)) && !NOT_READER.test(file))
    .sort()
}

/**
 * Each reader route's problems: a module of ours with 'use client', an import of next/script, a Suspense boundary or
 * a loading file, anywhere in what the route imports. `allowed` maps a module (relative to `root`) to why it may stay
 * (say, it renders only in draft mode, where the page keeps its scripts).
 */
export function readerRouteProblems(root: string, allowed: Record<string, string> = {}): ReaderRouteProblem[] {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile)
  const {options} = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/')
  const problems: ReaderRouteProblem[] = []
  /** Package imports already looked into, by importing folder and specifier: routes share most of theirs. */
  const clientEntries = new Map<string, string | undefined>()
  for (const route of readerRouteFiles(root)) {
    const seen = new Set<string>()
    const visit = (file: string) => {
      const name = relative(file)
      if (seen.has(file) || name in allowed) return
      seen.add(file)
      const source = fs.readFileSync(file, 'utf8')
      const found = (problem: string) => problems.push({route, file: name, problem})
      if (USE_CLIENT.test(source)) found("a 'use client' module: its script is stripped, so it never runs")
      if (SUSPENSE.test(source)) found('a Suspense boundary: its content streams in hidden, shown only by a stripped script')
      if (/^loading\./.test(path.basename(file))) found('a loading file: Next wraps the page in Suspense around it')
      for (const specifier of importsOf(source)) {
        if (specifier === 'next/script') found('next/script: every script on a reader page is stripped')
        if (specifier === 'next/dynamic') found('next/dynamic: a lazy Suspense boundary, whose content a stripped script shows')
        const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule
        if (resolved && !resolved.isExternalLibraryImport && /\.(tsx?|jsx?|mjs)$/.test(resolved.resolvedFileName))
          visit(resolved.resolvedFileName)
        else if (!specifier.startsWith('.') && !isBuiltin(specifier)) {
          const key = `${path.dirname(file)}\0${specifier}`
          if (!clientEntries.has(key)) clientEntries.set(key, clientEntryOf(specifier, file))
          const client = clientEntries.get(key)
          if (client) found(`a 'use client' module of a package (${client}): its script is stripped, so it never runs`)
        }
      }
    }
    visit(path.join(root, route))
  }
  return problems
}
