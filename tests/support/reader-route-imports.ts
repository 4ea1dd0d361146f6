// What `npm start` would silently break on a reader route: it strips every script from reader pages
// (lib/node/front/script-filter.mjs), so a 'use client' component of ours, next/script, or a streamed Suspense
// boundary (its content arrives hidden, shown only by a script) renders dead. This walks each reader route's imports
// from source, resolved as TypeScript resolves them (tsconfig paths included), and names what it finds.
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** Route files Next renders as HTML; a loading.tsx is itself a Suspense boundary around its page. */
const ROUTE_FILE = /^(page|layout|template|not-found|error|global-error|default|loading)\.(tsx|ts|jsx|js)$/
/** Routes the front leaves alone (lib/node/front/reader-decision.mjs isFrontRequest): they keep their scripts. */
const NOT_READER = /^app\/(api|studio|media)(\/|$)/
const USE_CLIENT = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use client['"]/
const SUSPENSE = /<(?:React\.)?Suspense[\s>]/

export type ReaderRouteProblem = {route: string; file: string; problem: string}

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
      for (const {fileName: specifier} of ts.preProcessFile(source, true, true).importedFiles) {
        if (specifier === 'next/script') found('next/script: every script on a reader page is stripped')
        const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule
        if (resolved && !resolved.isExternalLibraryImport && /\.(tsx?|jsx?|mjs)$/.test(resolved.resolvedFileName))
          visit(resolved.resolvedFileName)
      }
    }
    visit(path.join(root, route))
  }
  return problems
}
