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
      // next/dynamic, loading a client component of ours
      write(
        'app/(site)/lazy/page.tsx',
        "import dynamic from 'next/dynamic'\nconst Clock = dynamic(() => import('@/components/Clock'))\nexport default () => <Clock />\n",
      )
      // packages: one whose entry is a client module, one whose entry renders another path of itself that is, and one
      // that is a client module only inside (as next/link is): its entry is a plain module, and it stays allowed
      const pkg = (name: string, exports: Record<string, string>, files: Record<string, string>) => {
        write(`node_modules/${name}/package.json`, JSON.stringify({name, exports}))
        for (const [file, text] of Object.entries(files)) write(`node_modules/${name}/${file}`, text)
      }
      pkg('fake-image', {'.': './index.js'}, {'index.js': '"use client";\nexport const Image = () => null\n'})
      pkg(
        'fake-kit',
        {'.': './index.js', './client': './client.js'},
        {
          'index.js': 'import {Overlay} from "fake-kit/client";\nexport const Kit = Overlay\n',
          'client.js': "'use client'\nexport const Overlay = () => null\n",
        },
      )
      pkg(
        'fake-link',
        {'.': './index.js'},
        {'index.js': "module.exports = require('./dist/link.js')\n", 'dist/link.js': "'use client'\nmodule.exports = {}\n"},
      )
      write('app/(site)/gallery/page.tsx', "import {Image} from 'fake-image'\nexport default () => <Image />\n")
      write('app/(site)/kit/page.tsx', "import {Kit} from 'fake-kit'\nexport default () => <Kit />\n")
      write('app/(site)/links/page.tsx', "import Link from 'fake-link'\nexport default () => <Link />\n")
    })
    afterAll(() => fs.rmSync(root, {recursive: true, force: true}))

    it('fails naming the component and the route, through any depth of imports', () => {
      const problems = readerRouteProblems(root, {'components/Draft.tsx': 'rendered in draft mode only'})
      expect(problems.map(({route, file, problem}) => [route, file, problem.split(':')[0]])).toEqual([
        ['app/(site)/gallery/page.tsx', 'app/(site)/gallery/page.tsx', "a 'use client' module of a package (fake-image)"],
        ['app/(site)/kit/page.tsx', 'app/(site)/kit/page.tsx', "a 'use client' module of a package (fake-kit/client)"],
        ['app/(site)/lazy/page.tsx', 'app/(site)/lazy/page.tsx', 'next/dynamic'],
        ['app/(site)/lazy/page.tsx', 'components/Clock.tsx', "a 'use client' module"],
        ['app/(site)/news/page.tsx', 'components/Clock.tsx', "a 'use client' module"],
        ['app/(site)/slow/loading.tsx', 'app/(site)/slow/loading.tsx', 'a loading file'],
        ['app/(site)/slow/page.tsx', 'app/(site)/slow/page.tsx', 'a Suspense boundary'],
        ['app/(site)/tracked/page.tsx', 'app/(site)/tracked/page.tsx', 'next/script'],
      ])
    })
  })
})
