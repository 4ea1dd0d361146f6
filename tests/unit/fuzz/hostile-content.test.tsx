/**
 * Hostile-content fuzz test. Malformed variants of the demo dataset's documents (tests/fuzz/mutations.ts):
 * missing and wrong-typed fields, unknown block types, dangling references, 1 MB strings, deep nesting,
 * RTL and emoji text, javascript:/data: links and </script> in titles. Every page type, feed and sitemap
 * is rendered over them (tests/fuzz/pages.tsx), inside the site layout, to HTML. Targets: no error other
 * than Next's notFound (a 404, never a 500); no script in the HTML; feeds and sitemaps that parse; every
 * dropped part logged with its document id and path.
 *
 * Product bugs the fuzz has found are listed in KNOWN_BUGS (now fixed; kept as regression tests). A new
 * one gets an entry and an `it.failing` test until it is fixed.
 *
 * Reproduce a run with FUZZ_SEED=<seed>; widen it with FUZZ_BATCHES=<n> (random batches, default 6).
 * To dig into a failure: FUZZ_DUMP=<file.json> writes every outcome and warning; FUZZ_ONLY=<variant id>
 * renders only that variant's pages; FUZZ_TRACE=1 names each render (and its memory) as it starts.
 */
import fs from 'node:fs'
import {checkHtml, type Problem} from '../../fuzz/checks'
import {createFuzzDataset, readDemoDataset} from '../../fuzz/dataset'
import {
  baselineBatch,
  describeVariant,
  FAMILIES,
  formatPath,
  generateBatches,
  SOURCE_TYPES,
  type Doc,
  type Variant,
} from '../../fuzz/mutations'
import {jobsFor, loadApp, runJob, type App, type Outcome} from '../../fuzz/pages'
import {DOCUMENT_TYPES, schemaFields} from '../../fuzz/schema'

const SEED = Number(process.env.FUZZ_SEED ?? 20261126)
const RANDOM_BATCHES = Number(process.env.FUZZ_BATCHES ?? 6)

// lib/site/env.ts reads the environment once, when it is first imported (in beforeAll): set it up first.
const dataset = createFuzzDataset()
process.env.BROADSHEET_DATASET_FILE = dataset.file
delete process.env.NEXT_PUBLIC_SANITY_PROJECT_ID
delete process.env.NEXT_PUBLIC_SANITY_DATASET

const demo = readDemoDataset()
const batches = [baselineBatch(demo), ...generateBatches(demo, {seed: SEED, randomBatches: RANDOM_BATCHES})]
const fuzzed = batches.filter((batch) => batch.kind !== 'demo')
const randomBatchIndexes = new Set(batches.filter((batch) => batch.kind === 'random').map((batch) => batch.index))
// the pinned batch leaves some documents unmutated, as context for the mutated ones
const variants = fuzzed.flatMap((batch) => batch.variants).filter((variant) => variant.mutations.length > 0)

const outcomes: Outcome[] = []
const warnings: {batch: number; text: string}[] = []
const reactErrors: {batch: number; text: string}[] = []
let app: App | undefined

const fuzzOutcomes = () => outcomes.filter((o) => o.batch >= 0)

/** Paths of fields a variant has and its source document lacks, where the schema defines them (arrays not followed). */
function schemaFieldsAdded(source: Doc, doc: Doc): string[] {
  const found: string[] = []
  const isObject = (value: unknown): value is Record<string, unknown> =>
    Boolean(value) && typeof value === 'object' && !Array.isArray(value)
  const walk = (before: unknown, after: unknown, path: string[]) => {
    if (!isObject(before) || !isObject(after)) return
    for (const key of Object.keys(after)) {
      if (key in before) walk(before[key], after[key], [...path, key])
      else if (schemaFields(doc, path).includes(key)) found.push(formatPath([...path, key]))
    }
  }
  walk(source, doc, [])
  return found
}
const message = (error: unknown) => String((error as Error)?.message ?? error)
const firstLine = (error: unknown) =>
  String((error as Error)?.stack ?? error)
    .split('\n')
    .slice(0, 2)
    .join(' | ')

// ---------------------------------------------------------------------------------------------------------
// Product bugs found by this fuzz test, all fixed: each is a regression test below. A new bug gets an
// entry here and an `it.failing` test until it is fixed.

type KnownBug = {
  title: string
  /** The file and line to fix. */
  where: string
  /** What goes wrong there, and the fix. */
  fix: string
  error?: (outcome: Outcome) => boolean
  problem?: (outcome: Outcome, problem: Problem) => boolean
}

const KNOWN_BUGS: KnownBug[] = [
  {
    title: 'a body block typed like an Object.prototype member ("constructor", "__proto__", "toString") is a 500',
    where: 'lib/site/content/models/body.ts',
    fix:
      'lib/site/content/models/body.ts looks the type up with blockSchemas[type], which finds Object.prototype members, then ' +
      'calls .safeParse on them (TypeError, from articleBySlug: article page, generateMetadata, Open Graph image). ' +
      'Fix: `Object.hasOwn(blockSchemas, type) ? blockSchemas[type] : undefined`.',
    error: (o) => o.page.startsWith('article') && /safeParse is not a function/.test(message(o.error)),
  },
  {
    title: 'a span mark named like an Object.prototype member ("constructor", "__proto__", "valueOf") is a 500',
    where: 'lib/site/content/models/body.ts',
    fix:
      'lib/site/content/models/body.ts keeps any string as a span mark; @portabletext/react looks marks up with ' +
      'components.marks[markType] (dist/index.js:249), which finds Object.prototype members and renders them as ' +
      'components ("Objects are not valid as a React child" / "Element type is invalid"). Fix in cleanBody: keep ' +
      'only marks that are decorators (strong, em, code, underline, strike-through) or keys of the block’s cleaned ' +
      'markDefs, and log the rest with the document id and `body[i].children[j].marks`.',
    error: (o) =>
      o.page === 'article' &&
      /Objects are not valid as a React child|Element type is invalid|Cannot convert undefined or null to object/.test(message(o.error)),
  },
  {
    title: 'search is a 500 when a matching article’s publishedAt is not a date',
    where: 'lib/site/content/models/search-hit.ts',
    fix:
      'lib/site/content/models/search-hit.ts SearchHit accepts any string as publishedAt, and components/search/SearchResults.tsx:19 ' +
      'formats it (RangeError: Invalid time value). Such an article never reaches a listing (ArticleCard validates ' +
      'the date) but does reach search. Fix: `publishedAt: z.iso.datetime({offset: true}).nullish().catch(undefined)` ' +
      '(and, for the same reason, `date: z.iso.date().nullish().catch(undefined)` on line 205).',
    error: (o) => o.page === 'search' && /Invalid time value/.test(message(o.error)),
  },
  {
    title: 'sitemap.xml breaks (does not parse, or has non-date <lastmod>) when an article’s updatedAt is not a date',
    where: 'lib/site/content/distribution-queries.ts',
    fix:
      'lib/site/content/distribution-queries.ts accepts any string as lastModified, from coalesce(updatedAt, ' +
      'publishedAt, _updatedAt) (line 61); app/sitemap.ts passes it on, and Next writes it into <lastmod> without ' +
      'escaping. Fix: `lastModified: z.iso.datetime({offset: true}).optional().catch(undefined)` (or select ' +
      'updatedAt and publishedAt separately and use the first valid one).',
    problem: (o, p) => o.page === 'sitemap.xml' && p.kind === 'xml' && /does not parse|<lastmod>/.test(p.detail),
  },
  {
    title: 'feed.xml, sitemap.xml and topic feeds (and news-sitemap.xml, same code) are a 500 when a listed slug is not well-formed UTF-16',
    where: 'lib/site/distribution/rss.ts:14 (and 3 more)',
    fix:
      'a slug holding a lone surrogate (e.g. "\\uD800", which JSON and the Content Lake allow) makes encodeURIComponent ' +
      'throw URIError in lib/site/distribution/rss.ts:14, app/sitemap.ts:13, lib/site/distribution/news-sitemap.ts:12 and ' +
      'app/(site)/topics/[slug]/feed.xml/route.ts:14: one such document takes down every feed and sitemap that lists it. ' +
      'Fix: require well-formed slugs in the schemas (`z.string().min(1).refine((s) => s.isWellFormed())` in ' +
      'lib/site/content/distribution-queries.ts FeedItem, Entry and recentNews, so the item is dropped and logged), or ' +
      'encode `slug.toWellFormed()`.',
    error: (o) => /feed\.xml|sitemap\.xml/.test(o.page) && /URI malformed/.test(message(o.error)),
  },
  {
    title: 'an image asset’s LQIP is written unchecked into next/image’s blur placeholder CSS (CSS injection)',
    where: 'lib/site/content/models/image.ts',
    fix:
      'lib/site/content/models/image.ts accepts any string as lqip; components/media/SanityImage.tsx:24 passes it as ' +
      'blurDataURL, which next/image interpolates raw into `background-image:url("data:image/svg+xml,…href=\'LQIP\'…")`: ' +
      'a `"` ends the url() and adds CSS (e.g. a tracking background-image), a `\'` adds SVG markup. Not script ' +
      'execution, but content-controlled CSS. Fix: `lqip: z.string().regex(/^data:image\\/(png|jpeg|webp|gif);base64,' +
      '[A-Za-z0-9+/=]+$/).nullish().catch(undefined)`.',
    problem: (o, p) => p.kind === 'style' && /blur placeholder/.test(p.detail),
  },
]

const knownError = (o: Outcome) => KNOWN_BUGS.some((bug) => bug.error?.(o))
const knownProblem = (o: Outcome, p: Problem) => KNOWN_BUGS.some((bug) => bug.problem?.(o, p))

// ---------------------------------------------------------------------------------------------------------

function describeOutcome(outcome: Outcome): string {
  const who = outcome.variant ? describeVariant(outcome.variant) : `batch ${outcome.batch}`
  const target = outcome.target.length > 80 ? `${outcome.target.slice(0, 77)}…` : outcome.target
  return `${outcome.page} ${JSON.stringify(target)} of ${who}`
}

/** A failure message listing at most `max` offenders, and how many there were. */
function report(title: string, lines: string[], max = 12): string {
  const shown = lines.slice(0, max).map((line) => `  - ${line.length > 600 ? `${line.slice(0, 599)}…` : line}`)
  return [`${title}: ${lines.length}`, ...shown, ...(lines.length > max ? [`  … and ${lines.length - max} more`] : [])].join('\n')
}

const problemsOf = (kinds: Problem['kind'][]) =>
  fuzzOutcomes().flatMap((o) =>
    o.problems.filter((p) => kinds.includes(p.kind) && !knownProblem(o, p)).map((p) => `${describeOutcome(o)}: ${p.kind} ${p.detail}`),
  )

beforeAll(async () => {
  const started = Date.now()
  let current = -1
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    warnings.push({batch: current, text: args.map(String).join(' ')})
  })
  // React's development warnings (duplicate keys and the like) are collected, not printed
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    reactErrors.push({batch: current, text: args.map(String).join(' ')})
  })
  app = await loadApp()
  for (const batch of batches) {
    current = batch.index
    dataset.write(batch.documents)
    app.embeddedStore().reload()
    // FUZZ_ONLY=<variant id>: run only that variant's own pages (to reproduce one failure quickly)
    const only = process.env.FUZZ_ONLY
    for (const job of jobsFor(app, batch).filter((j) => !only || j.variant?.id === only)) {
      // FUZZ_TRACE=1: name each job before it runs, to find one that hangs or exhausts memory
      if (process.env.FUZZ_TRACE)
        process.stderr.write(
          `fuzz: batch ${batch.index} ${job.page} ${job.target.slice(0, 80)} ${job.variant?.mutations.join('; ').slice(0, 200) ?? ''}\n`,
        )
      outcomes.push(await runJob(job, batch.index))
    }
  }
  const count = (status: string) => fuzzOutcomes().filter((o) => o.status === status).length
  const slowest = [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 3)
  process.stdout.write(
    [
      `fuzz: seed ${SEED}, ${fuzzed.length} batches (${fuzzed.length - RANDOM_BATCHES} pinned + ${RANDOM_BATCHES} random), ` +
        `${variants.length} mutated variants ` +
        `(${SOURCE_TYPES.map((t) => `${variants.filter((v) => v.type === t).length} ${t}`).join(', ')})`,
      `fuzz: ${fuzzOutcomes().length} renders over the variants (${count('ok')} ok, ${count('notFound')} 404, ${count('error')} errors), ` +
        `${outcomes.length - fuzzOutcomes().length} over the unmodified demo dataset, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `fuzz: ${warnings.length} warnings logged, ${reactErrors.length} React development errors; ` +
        `slowest: ${slowest.map((o) => `${o.page} ${o.ms} ms`).join(', ')}`,
      '',
    ].join('\n'),
  )
}, 240_000)

afterAll(() => {
  if (process.env.FUZZ_DUMP) {
    const slim = outcomes.map(({variant, error, ...rest}) => ({
      ...rest,
      variant: variant && {id: variant.id, mutations: variant.mutations, expectedBodyDrops: variant.expectedBodyDrops},
      error: error && firstLine(error),
    }))
    const dump = {seed: SEED, outcomes: slim, warnings: warnings.map((w) => ({...w, text: w.text.slice(0, 2000)})), reactErrors}
    fs.writeFileSync(process.env.FUZZ_DUMP, JSON.stringify(dump, null, 1))
  }
  app?.embeddedStore().close()
  dataset.remove()
  jest.restoreAllMocks()
})

describe('the fuzz generator', () => {
  it('makes malformed variants of every source document type, with every mutation family', () => {
    for (const type of SOURCE_TYPES) expect(variants.filter((v) => v.type === type).length).toBeGreaterThan(0)
    const used = new Set(variants.flatMap((v) => v.families))
    expect(FAMILIES.filter((family) => !used.has(family))).toEqual([])
    const random = fuzzed.filter((batch) => batch.kind === 'random').flatMap((batch) => batch.variants)
    expect(random.filter((v) => v.mutations.length === 0).map((v) => v.id)).toEqual([])
    // ids stay unique, so every variant has its own page
    for (const batch of fuzzed) expect(new Set(batch.variants.map((v) => v.id)).size).toBe(batch.variants.length)
  })

  it('fuzzes every document type schema.json defines, and fields it defines that a document lacks', () => {
    expect([...SOURCE_TYPES].sort()).toEqual([...DOCUMENT_TYPES].sort())
    const sources = new Map(demo.map((doc) => [doc._id, doc]))
    const added = variants.flatMap((v) => schemaFieldsAdded(sources.get(v.sourceId)!, v.doc))
    // at the top of a document (an author's email) and inside an object (an image's caption)
    expect(added.filter((path) => !path.includes('.')).length).toBeGreaterThan(0)
    expect(added.filter((path) => path.includes('.')).length).toBeGreaterThan(0)
  })

  it('is deterministic: the same seed makes the same variants', () => {
    const again = generateBatches(demo, {seed: SEED, randomBatches: 1})
    expect(JSON.stringify(again.map((b) => b.documents))).toBe(JSON.stringify(fuzzed.slice(0, again.length).map((b) => b.documents)))
  })
})

describe('the unmodified demo dataset (the harness itself)', () => {
  it('renders every page type, with nothing to report and nothing dropped', () => {
    const expected404 = (o: Outcome) => o.page.endsWith('page 2') && o.page !== 'home page 2'
    const wrong = outcomes
      .filter((o) => o.batch === -1)
      .filter((o) => o.status !== (expected404(o) ? 'notFound' : 'ok') || o.problems.length)
    expect(
      report(
        'unexpected',
        wrong.map((o) => `${describeOutcome(o)}: ${o.status} ${firstLine(o.error)} ${JSON.stringify(o.problems)}`),
      ),
    ).toBe('unexpected: 0')
    expect(warnings.filter((w) => w.batch === -1).map((w) => w.text)).toEqual([])
  })

  it('would detect a script that escaped, so the checks are not vacuous', () => {
    const kinds = (html: string) => checkHtml(html).map((p) => p.kind)
    expect(kinds('<h1></script><script>alert(1)</script></h1>')).toContain('script')
    expect(kinds('<a href=" java\tscript:alert(1)">x</a>')).toContain('url')
    expect(kinds('<img src="data:text/html,x">')).toContain('url')
    expect(kinds('<img src=x onerror=alert(1)>')).toContain('event-handler')
    expect(kinds('<script type="application/ld+json">{"a":"</script><script>alert(1)</script>"}</script>')).toContain('script')
    expect(kinds('<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>')).toEqual([])
  })
})

describe('every page type over hostile content', () => {
  it('renders or 404s: no page, route handler or sitemap throws anything else (a 500)', () => {
    const errors = fuzzOutcomes().filter((o) => o.status === 'error' && !knownError(o))
    expect(
      report(
        'errors',
        errors.map((o) => `${describeOutcome(o)}: ${firstLine(o.error)}`),
      ),
    ).toBe('errors: 0')
  })

  it('reaches the pages: pinned variants render (or 404) as designed, and random ones often render', () => {
    const own = new Set(['article', 'quote', 'principle list', 'author', 'topic'])
    const wrong = fuzzOutcomes()
      .filter((o) => o.variant?.pinnedExpectation && own.has(o.page))
      // an error is a 500, reported above; here only a 404 where a page was expected (or the reverse) counts
      .filter((o) => o.status !== 'error' && o.status !== o.variant!.pinnedExpectation)
    expect(
      report(
        'pinned variants with the wrong outcome',
        wrong.map((o) => `${describeOutcome(o)}: ${o.status}`),
      ),
    ).toBe('pinned variants with the wrong outcome: 0')
    // random mutations often take a page's required field (or its slug) away; a quarter must still render
    for (const page of own) {
      const random = fuzzOutcomes().filter((o) => o.page === page && randomBatchIndexes.has(o.batch))
      const ok = random.filter((o) => o.status === 'ok').length
      expect({page, rendered: ok / random.length >= 0.25 ? 'enough' : `${ok}/${random.length}`}).toEqual({page, rendered: 'enough'})
    }
  })

  it('puts no script, event handler, script/data URL or embedding element in any page', () => {
    expect(report('unsafe HTML', problemsOf(['script', 'event-handler', 'url', 'element', 'json-ld']))).toBe('unsafe HTML: 0')
  })

  it('keeps inline styles to next/image’s blur placeholder', () => {
    expect(report('unsafe styles', problemsOf(['style']))).toBe('unsafe styles: 0')
  })

  it('serves feeds and sitemaps that parse as XML, with the site’s links and real dates', () => {
    expect(report('bad XML', problemsOf(['xml']))).toBe('bad XML: 0')
  })

  it('keeps metadata URLs on the site', () => {
    expect(report('bad metadata', problemsOf(['metadata']))).toBe('bad metadata: 0')
  })

  // Was a bug: one bad slug emptied slugsOf, so no page of its type was pre-rendered; and slugs were
  // trimmed in lists but matched verbatim by pages. Now slugsOf is lenient and UrlSlug never trims.
  it('pre-renders every page that renders: one bad slug does not empty generateStaticParams', () => {
    const missing: string[] = []
    const types = [
      ['article', 'article'],
      ['quote', 'quote'],
      ['principleList', 'principle list'],
      ['author', 'author'],
      ['topic', 'topic'],
    ]
    for (const batch of fuzzed) {
      for (const [type, page] of types) {
        const listed = new Set(
          outcomes.find((o) => o.batch === batch.index && o.page === 'generateStaticParams' && o.target === type)?.slugs ?? [],
        )
        const rendered = outcomes.filter((o) => o.batch === batch.index && o.page === page && o.status === 'ok' && o.variant)
        for (const o of rendered) if (!listed.has(o.target)) missing.push(`${type} ${describeVariant(o.variant as Variant)}`)
      }
    }
    expect(report('rendered but not pre-rendered', missing)).toBe('rendered but not pre-rendered: 0')
  })
})

describe('bugs the fuzz found, now fixed (regressions)', () => {
  for (const bug of KNOWN_BUGS) {
    // bug.fix (printed when this test fails) says what went wrong and how it was fixed
    it(`${bug.title} [${bug.where}]`, () => {
      const errors = bug.error ? fuzzOutcomes().filter((o) => o.status === 'error' && bug.error!(o)) : []
      const problems = bug.problem ? fuzzOutcomes().flatMap((o) => o.problems.filter((p) => bug.problem!(o, p))) : []
      expect({errors: errors.length, problems: problems.length, fix: bug.fix}).toEqual({errors: 0, problems: 0, fix: bug.fix})
    })
  }
})

describe('logging what is dropped', () => {
  const logged = (batch: number, id: string, path: string) =>
    warnings.some((w) => w.batch === batch && w.text.includes(`dropped ${path}`) && w.text.includes(` in document ${id}: `))

  it('logs every dropped body block and link annotation with the document id and its body[] path', () => {
    let checked = 0
    const missing: string[] = []
    for (const variant of variants.filter((v) => v.expectedBodyDrops.length > 0)) {
      const page = fuzzOutcomes().find((o) => o.variant === variant && o.page === 'article')
      if (page?.status !== 'ok') continue
      for (const path of variant.expectedBodyDrops) {
        checked++
        if (!logged(variant.batch, variant.id, path)) missing.push(`${path} of ${describeVariant(variant)}`)
      }
    }
    expect(report('drops not logged', missing)).toBe('drops not logged: 0')
    expect(checked).toBeGreaterThan(20)
  })

  // Was a bug: items without an _id (dangling topic references, principles) were logged as "(unknown
  // id)". Now the owning document is tracked while it parses (lib/site/content/log.ts withOwner).
  it('names the document in every drop it logs (never "(unknown id)")', () => {
    const anonymous = warnings.filter((w) => w.batch >= 0 && w.text.includes('in document (unknown id)')).map((w) => w.text.slice(0, 160))
    expect(report('drops without a document id', [...new Set(anonymous)])).toBe('drops without a document id: 0')
  })

  // Was a bug: a broken optional field (an image without alt text, a bad date) fell back silently. Now
  // every fallback goes through droppable()/optionalImage(), which log the drop.
  it('logs a dropped field of a page that still renders (a hero image without alt text)', () => {
    const missing: string[] = []
    for (const variant of variants.filter((v) => v.expectedFieldDrops.length)) {
      if (!fuzzOutcomes().some((o) => o.variant === variant && o.status === 'ok')) continue
      for (const path of variant.expectedFieldDrops)
        if (!logged(variant.batch, variant.id, path)) missing.push(`${path} of ${describeVariant(variant)}`)
    }
    expect(variants.filter((v) => v.expectedFieldDrops.length).length).toBeGreaterThan(0)
    expect(report('dropped fields not logged', missing)).toBe('dropped fields not logged: 0')
  })

  // Was a bug: a document that did not parse was logged by query name only. Now its _id is named.
  it('names the document id when a whole document is dropped (its page 404s although its slug resolves)', () => {
    const missing: string[] = []
    for (const o of fuzzOutcomes()) {
      const variant = o.variant
      if (!variant?.reachable || o.status !== 'notFound' || o.page.includes('page 2') || o.page.includes('feed')) continue
      if (!warnings.some((w) => w.batch === variant.batch && w.text.includes(variant.id))) missing.push(describeOutcome(o))
    }
    expect(report('404s whose dropped document is not named', missing)).toBe('404s whose dropped document is not named: 0')
  })
})
