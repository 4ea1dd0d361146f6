/**
 * The Studio's validation rules, run by Sanity's own `validateDocument` offline: every document of the demo
 * dataset (published and drafts) must pass, and documents broken on purpose must fail with the message an
 * editor would see.
 *
 * Sanity's Studio bundle cannot load inside Jest (ESM with `import.meta`), so the validation runs in a Node
 * process (sanity/tools/validate-documents.ts) with a real @sanity/client pointed at the fake Content Lake,
 * which answers the validators' queries (slug uniqueness, published checks) from the same NDJSON.
 */
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {demoDocuments} from '../../support/demo'
import {startFakeContentLake} from '../../support/fake-content-lake'
import {toNdjson} from '../../support/generate-dataset'
import type {ValidationResult} from '@/sanity/tools/validate-documents'

jest.setTimeout(120_000)

const ROOT = path.resolve(__dirname, '../../..')
const WORKER = path.join(ROOT, 'sanity/tools/validate-documents.ts')

type Doc = {_id: string; _type: string; [key: string]: unknown}
type Marker = ValidationResult['markers'][number]

const demo: Doc[] = demoDocuments()
const byId = new Map(demo.map((doc) => [doc._id, doc]))
const demoDoc = (id: string): Doc => structuredClone(byId.get(id) ?? fail(`no demo document ${id}`))
function fail(message: string): never {
  throw new Error(message)
}

let tmp: string
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-validation-'))
})
afterAll(() => fs.rmSync(tmp, {recursive: true, force: true}))

/** Validates `documents` with the lake serving `lakeDocuments`; returns the results by id. */
async function validate(
  documents: Doc[],
  lakeDocuments: Doc[],
  environment: 'studio' | 'cli' = 'studio',
): Promise<Map<string, ValidationResult>> {
  const lakeFile = path.join(tmp, `lake-${Date.now()}.ndjson`)
  const docsFile = path.join(tmp, `docs-${Date.now()}.ndjson`)
  const outFile = path.join(tmp, `out-${Date.now()}.json`)
  fs.writeFileSync(lakeFile, toNdjson(lakeDocuments))
  fs.writeFileSync(docsFile, toNdjson(documents))
  const lake = await startFakeContentLake(lakeFile)
  try {
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', WORKER, docsFile, '--api-host', lake.url, '--environment', environment, '--out', outFile],
      {
        cwd: ROOT,
        env: {...process.env, NODE_ENV: 'test', DO_NOT_TRACK: '1'},
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: {code?: number; stderr?: string}) => {
      // exit code 1 only means "some document has errors", which the broken fixtures are meant to have
      if (error.code !== 1) throw new Error(`validation worker failed (${error.code}): ${error.stderr}`)
    })
    const {results} = JSON.parse(fs.readFileSync(outFile, 'utf8')) as {results: ValidationResult[]}
    return new Map(results.map((result) => [result._id, result]))
  } finally {
    await lake.close()
  }
}

const errorsOf = (result: ValidationResult | undefined) => (result?.markers ?? []).filter((m) => m.level === 'error')
const warningsOf = (result: ValidationResult | undefined) => (result?.markers ?? []).filter((m) => m.level === 'warning')
const describeMarkers = (markers: Marker[]) => markers.map((m) => `${m.level} ${m.path || '(document)'}: ${m.message}`)

// `studio` is what editors see; `cli` also flags fields the schema does not know (see the worker's notes).
describe.each(['studio', 'cli'] as const)('demo dataset, validated as in the %s', (environment) => {
  let results: Map<string, ValidationResult>
  const content = demo.filter((doc) => !doc._type.startsWith('sanity.'))

  beforeAll(async () => {
    results = await validate(content, demo, environment)
  })

  it('validates every content document, published and drafts', () => {
    expect([...results.keys()].sort()).toEqual(content.map((doc) => doc._id).sort())
    expect(content.some((doc) => doc._id.startsWith('drafts.'))).toBe(true)
  })

  it('has no validation errors and no warnings', () => {
    const problems = Object.fromEntries(
      [...results.values()].filter((r) => r.markers.length).map((r) => [r._id, describeMarkers(r.markers)]),
    )
    expect(problems).toEqual({})
  })
})

describe('documents broken on purpose', () => {
  // Each fixture is a draft built from a demo document with one mistake. The lake holds the demo dataset plus
  // the fixtures, so uniqueness and "is it published" checks see them.
  const article = (id: string, change: (doc: Doc) => void): Doc => {
    const doc = demoDoc('article-cisa-secure-by-design')
    doc._id = `drafts.fixture-${id}`
    doc.slug = {_type: 'slug', current: `fixture-${id}`}
    change(doc)
    return doc
  }
  const body = (doc: Doc) => doc.body as Record<string, unknown>[]
  const firstTextBlock = (doc: Doc) => body(doc).find((block) => block._type === 'block')!

  const fixtures: Record<string, Doc> = {
    missingHeadline: article('missing-headline', (doc) => delete doc.title),
    missingSlug: article('missing-slug', (doc) => delete doc.slug),
    duplicateSlug: article('duplicate-slug', (doc) => {
      doc.slug = {_type: 'slug', current: 'log4shell-log4j-vulnerability-explained'}
    }),
    // "ai" is a topic's slug: slugs are unique per type, so an article may use it
    slugOfOtherType: article('slug-of-other-type', (doc) => {
      doc.slug = {_type: 'slug', current: 'ai'}
    }),
    missingAuthor: article('missing-author', (doc) => delete doc.author),
    missingPublishedAt: article('missing-published-at', (doc) => delete doc.publishedAt),
    imageWithoutAlt: article('image-without-alt', (doc) => {
      delete (doc.mainImage as Record<string, unknown>).alt
    }),
    bodyImageWithoutAlt: article('body-image-without-alt', (doc) => {
      body(doc).splice(1, 0, {
        _type: 'image',
        _key: 'fixtureimage',
        asset: {_type: 'reference', _ref: 'image-9ccaff00d526fb661e94ed3ed7fdd9c4f08677f5-1600x900-png'},
        alt: '   ',
      })
    }),
    javascriptLink: article('javascript-link', (doc) => {
      const block = firstTextBlock(doc)
      block.markDefs = [{_type: 'link', _key: 'badlink', href: 'javascript:alert(1)'}]
      ;(block.children as {marks: string[]}[])[0].marks = ['badlink']
    }),
    safeLinks: article('safe-links', (doc) => {
      const block = firstTextBlock(doc)
      block.markDefs = ['https://example.com/a', 'http://example.com/b', 'mailto:desk@broadsheet.example', 'tel:+441234567890'].map(
        (href, index) => ({_type: 'link', _key: `link${index}`, href}),
      )
    }),
    longHeadline: article('long-headline', (doc) => {
      doc.title = 'A'.repeat(111)
    }),
    shortSeoDescription: article('short-seo-description', (doc) => {
      doc.seo = {_type: 'seo', description: 'Twenty characters ok'}
    }),
    unpublishedQuoteEmbed: article('unpublished-quote-embed', (doc) => {
      // how the Studio stores a draft's reference to a document that is not published yet
      body(doc).push({
        _type: 'quoteEmbed',
        _key: 'fixturequote',
        quote: {_type: 'reference', _ref: 'fixture-unpublished-quote', _weak: true, _strengthenOnPublish: {type: 'quote'}},
      })
    }),
    unpublishedQuote: (() => {
      const doc = demoDoc('quote-jen-easterly-log4j')
      doc._id = 'drafts.fixture-unpublished-quote'
      doc.slug = {_type: 'slug', current: 'fixture-unpublished-quote'}
      return doc
    })(),
    emptyPrinciples: (() => {
      const doc = demoDoc('principles-google-ai')
      doc._id = 'drafts.fixture-empty-principles'
      doc.slug = {_type: 'slug', current: 'fixture-empty-principles'}
      doc.principles = []
      return doc
    })(),
    principleWithoutDescription: (() => {
      const doc = demoDoc('principles-google-ai')
      doc._id = 'drafts.fixture-principle-without-description'
      doc.slug = {_type: 'slug', current: 'fixture-principle-without-description'}
      delete (doc.principles as Record<string, unknown>[])[1].description
      return doc
    })(),
    quoteWithoutTextAndSpeaker: (() => {
      const doc = demoDoc('quote-tim-cook-app-tracking')
      doc._id = 'drafts.fixture-quote-without-text'
      doc.slug = {_type: 'slug', current: 'fixture-quote-without-text'}
      delete doc.text
      delete doc.speakerName
      return doc
    })(),
  }

  let results: Map<string, ValidationResult>
  const resultOf = (name: keyof typeof fixtures) => results.get(fixtures[name]._id)

  beforeAll(async () => {
    results = await validate(Object.values(fixtures), [...demo, ...Object.values(fixtures)])
  })

  /** The document's errors are exactly these (path, message) pairs. */
  const expectErrors = (name: keyof typeof fixtures, expected: [string, string | RegExp][]) => {
    const errors = errorsOf(resultOf(name))
    expect(errors).toHaveLength(expected.length)
    for (const [where, message] of expected) {
      expect(errors).toContainEqual(
        expect.objectContaining({path: where, message: typeof message === 'string' ? message : expect.stringMatching(message)}),
      )
    }
  }

  it.each([
    ['missingHeadline', 'title', 'A headline is required'],
    ['missingAuthor', 'author', 'Required'],
    ['missingPublishedAt', 'publishedAt', 'Required'],
  ] as const)('%s: a required field missing is an error', (name, where, message) => {
    expectErrors(name, [[where, message]])
  })

  it('a missing slug is an error (Sanity also reports its `current`, sanity-io/sanity#12983)', () => {
    expectErrors('missingSlug', [
      ['slug', 'Required'],
      ['slug.current', 'Required'],
    ])
  })

  it('a slug used by another article is an error', () => {
    expectErrors('duplicateSlug', [['slug', 'Slug is already in use']])
  })

  it('a slug used only by a document of another type is fine', () => {
    expect(errorsOf(resultOf('slugOfOtherType'))).toEqual([])
  })

  it('an image without alt text is an error, in the main image and in the body', () => {
    expectErrors('imageWithoutAlt', [['mainImage.alt', 'Alternative text is required']])
    expectErrors('bodyImageWithoutAlt', [['body[_key=="fixtureimage"].alt', 'Alternative text is required']])
  })

  it('a javascript: link is an error', () => {
    const block = firstTextBlock(fixtures.javascriptLink)._key
    expectErrors('javascriptLink', [[`body[_key=="${block}"].markDefs[_key=="badlink"].href`, 'Does not match allowed protocols/schemes']])
  })

  it('http, https, mailto and tel links are fine', () => {
    expect(resultOf('safeLinks')?.markers).toEqual([])
  })

  it('a principle list without principles is an error', () => {
    expectErrors('emptyPrinciples', [['principles', 'Add at least one principle']])
  })

  it('a principle without a description is an error', () => {
    const key = (fixtures.principleWithoutDescription.principles as {_key: string}[])[1]._key
    expectErrors('principleWithoutDescription', [[`principles[_key=="${key}"].description`, 'Each principle needs a description']])
  })

  it('a quote without text or speaker is an error for each', () => {
    expectErrors('quoteWithoutTextAndSpeaker', [
      ['text', 'The quoted text is required'],
      ['speakerName', 'Who said it? The speaker is required'],
    ])
  })

  it('a headline over 110 characters is a warning, not an error', () => {
    expect(errorsOf(resultOf('longHeadline'))).toEqual([])
    expect(warningsOf(resultOf('longHeadline'))).toEqual([
      expect.objectContaining({path: 'title', message: 'Headlines over 110 characters are cut off in most listings'}),
    ])
  })

  it('an SEO description of 20 characters is a warning, not an error', () => {
    expect(errorsOf(resultOf('shortSeoDescription'))).toEqual([])
    expect(warningsOf(resultOf('shortSeoDescription'))).toEqual([
      expect.objectContaining({path: 'seo.description', message: 'Aim for 50–160 characters (now 20)'}),
    ])
  })

  it('embedding a quote that is not published is a warning', () => {
    const where = 'body[_key=="fixturequote"]'
    expect(warningsOf(resultOf('unpublishedQuoteEmbed'))).toEqual([
      expect.objectContaining({
        path: where,
        message: 'This quote is not published: the article will show nothing in its place until the quote is published',
      }),
    ])
    // The embed's reference is a strong one in the schema, so Sanity's built-in reference check also reports
    // an error: publishing would strengthen the reference to a document that is not published yet.
    expectErrors('unpublishedQuoteEmbed', [[`${where}.quote`, 'Referenced document must be published']])
  })

  it('the fixtures that carry a mistake have no other problems, and the unpublished quote itself is valid', () => {
    expect(resultOf('unpublishedQuote')?.markers).toEqual([])
    for (const name of ['missingHeadline', 'missingSlug', 'missingAuthor', 'missingPublishedAt', 'duplicateSlug'] as const) {
      expect(warningsOf(resultOf(name))).toEqual([])
    }
  })
})
