// Reader routes are served without scripts under `npm start`: nothing on them may need one (README: "The production
// server"). The check walks each route's imports from source (tests/support/reader-route-imports.ts).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {readerRouteFiles, readerRouteProblems} from '../../support/reader-route-imports'

const ROOT = path.resolve(__dirname, '../../..')

/**
 * Modules a reader route may import although they need a script, each with why: the supported opt-in. Keep it short;
 * a module that must run for every reader belongs on a route the front leaves alone.
 */
const ALLOWED: Record<string, string> = {
  'components/preview/PreviewTools.tsx':
    'Visual Editing and the refresh on draft changes: SiteChrome renders it in draft mode only, whose private pages keep their scripts',
}

describe("reader routes under npm start's script filter", () => {
  it('covers the pages, layouts and 404s of the site, not the Studio or the API', () => {
    const routes = readerRouteFiles(ROOT)
    expect(routes).toEqual(expect.arrayContaining(['app/layout.tsx', 'app/(site)/layout.tsx', 'app/(site)/search/page.tsx']))
    expect(routes.filter((route) => /^app\/(studio|api)\//.test(route))).toEqual([])
  })

  it("import no 'use client' module of ours, no next/script and no Suspense boundary", () => {
    expect(readerRouteProblems(ROOT, ALLOWED)).toEqual([])
  })

  describe('on a route that does (a scratch app)', () => {
    let root: string
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
      fs.writeFileSync(path.join(root, file), text)
    }
    beforeAll(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'reader-routes-'))
      write('tsconfig.json', JSON.stringify({compilerOptions: {jsx: 'react-jsx', moduleResolution: 'bundler', paths: {'@/*': ['./*']}}}))
      write('components/Clock.tsx', "'use client'\nexport const Clock = () => <time />\n")
      write('components/Draft.tsx', "'use client'\nexport const Draft = () => <aside />\n")
      write('components/Card.tsx', "import {Clock} from './Clock'\nexport const Card = () => <Clock />\n")
      write('app/(site)/news/page.tsx', "import {Card} from '@/components/Card'\nexport default () => <Card />\n")
      write('app/(site)/tracked/page.tsx', "import Script from 'next/script'\nexport default () => <Script src='/t.js' />\n")
      write('app/(site)/slow/page.tsx', "import {Suspense} from 'react'\nexport default () => <Suspense><p /></Suspense>\n")
      write('app/(site)/slow/loading.tsx', 'export default () => <p>Loading</p>\n')
      write('app/(site)/draft/page.tsx', "import {Draft} from '@/components/Draft'\nexport default () => <Draft />\n")
      write('app/studio/page.tsx', "import {Clock} from '@/components/Clock'\nexport default () => <Clock />\n")
    })
    afterAll(() => fs.rmSync(root, {recursive: true, force: true}))

    it('fails naming the component and the route, through any depth of imports', () => {
      const problems = readerRouteProblems(root, {'components/Draft.tsx': 'rendered in draft mode only'})
      expect(problems.map(({route, file, problem}) => [route, file, problem.split(':')[0]])).toEqual([
        ['app/(site)/news/page.tsx', 'components/Clock.tsx', "a 'use client' module"],
        ['app/(site)/slow/loading.tsx', 'app/(site)/slow/loading.tsx', 'a loading file'],
        ['app/(site)/slow/page.tsx', 'app/(site)/slow/page.tsx', 'a Suspense boundary'],
        ['app/(site)/tracked/page.tsx', 'app/(site)/tracked/page.tsx', 'next/script'],
      ])
    })
  })
})
