// "A year of editing" for npm run bench:lake: a synthetic journal of small edits (a keystroke a second, three hours a
// day, 250 days: 2.7 million), over the demo plus 10k generated articles, generated straight into the journal (many
// transactions per SQLite transaction, so generating takes minutes, not the hours a fsync per save would), then
// measured in a fresh process (journal-year-measure.ts): start-up, a document's first history page, RSS, save p50.
// Sizes come from the environment, so a month is `BENCH_YEAR_DAYS=21`: BENCH_YEAR_DAYS (250), BENCH_YEAR_HOURS (3),
// BENCH_YEAR_SAVES_PER_SECOND (1), BENCH_YEAR_ARTICLES (10000), BENCH_YEAR_SAMPLE (documents whose history is read, 200).
// BENCH_YEAR_KEEP=<dir>: the generated dataset and journal are kept in <dir> (with year.json: what was generated), and a
// later run with the same <dir> measures a copy of them instead of generating again (the sizes then come from year.json).
// To profile the measuring process on a kept year: `node --cpu-prof --import tsx tests/bench/journal-year-measure.ts
// <copy of dir>/dataset.ndjson 200` (it reads the hot articles from year.json beside the file).
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {digest} from '../../lib/offline/store/compaction'
import {Journal, type LoggedTransaction} from '../../lib/offline/store/journal/journal'
import {readDataset, type StoredDocument} from '../../lib/offline/store/store'
import {DEMO_DATASET} from '../support/demo'
import {generateDataset, mulberry32, toNdjson} from '../support/generate-dataset'
import {journalSize} from '../support/journal'
import {datasetOf, round1} from './lake-saves'

export type YearOptions = {days: number; hours: number; savesPerSecond: number; articles: number; sample: number}

export function yearOptions(smoke: boolean): YearOptions {
  const number = (name: string, fallback: number, tiny: number) => (smoke ? tiny : Number(process.env[name] ?? fallback))
  return {
    days: number('BENCH_YEAR_DAYS', 250, 3),
    hours: number('BENCH_YEAR_HOURS', 3, 0.02),
    savesPerSecond: number('BENCH_YEAR_SAVES_PER_SECOND', 1, 1),
    articles: number('BENCH_YEAR_ARTICLES', 10_000, 200),
    sample: number('BENCH_YEAR_SAMPLE', 200, 10),
  }
}

/** One keystroke: a character added to the first span of the body (or to the title when there is no body). */
function keystroke(doc: StoredDocument, character: string): StoredDocument {
  const body = doc.body as {children?: {text?: string}[]}[] | undefined
  const span = body?.[0]?.children?.[0]
  if (!body || typeof span?.text !== 'string') return {...doc, title: `${doc.title ?? ''}${character}`}
  const first = {...body[0], children: [{...span, text: span.text + character}, ...body[0].children!.slice(1)]}
  return {...doc, body: [first, ...body.slice(1)]}
}

/**
 * The editing: sessions of 5–15 minutes on one article (a quarter of them on 50 "hot" articles, so some documents
 * have very long histories), each keystroke a transaction writing the draft, each session ending in a publish.
 */
function* editing(options: YearOptions, docs: Map<string, StoredDocument>, articles: string[], onDay: (day: number) => void) {
  const next = mulberry32(19)
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]
  const hot = articles.slice(0, 50)
  const perDay = Math.round(options.hours * 3600 * options.savesPerSecond)
  const start = Date.UTC(2025, 0, 6, 9)
  let n = 0
  for (let day = 0; day < options.days; day++) {
    let left = 0
    let article = ''
    for (let i = 0; i < perDay; i++) {
      if (left === 0) {
        article = next() < 0.25 ? pick(hot) : pick(articles)
        left = Math.round((300 + next() * 600) * options.savesPerSecond)
      }
      const timestamp = new Date(start + day * 86_400_000 + (i / options.savesPerSecond) * 1000).toISOString()
      const id = `year-${++n}`
      const draftId = `drafts.${article}`
      const before = docs.get(draftId) ?? null
      const base = before ?? {...docs.get(article)!, _id: draftId}
      const stamp = {_rev: id, _updatedAt: timestamp}
      if (--left > 0 || !before) {
        const after = {...keystroke(base, 'abcdefghij klmnopqrst'[n % 21]), ...stamp}
        docs.set(draftId, after)
        yield {id, timestamp, author: 'editor', writes: [{id: draftId, before, after}]} satisfies LoggedTransaction
      } else {
        // the publish: the draft becomes the published document, in one transaction
        const published = docs.get(article) ?? null
        const after = {...before, _id: article, ...stamp}
        docs.delete(draftId)
        docs.set(article, after)
        yield {
          id,
          timestamp,
          author: 'editor',
          writes: [
            {id: article, before: published, after},
            {id: draftId, before, after: null},
          ],
        } satisfies LoggedTransaction
      }
    }
    onDay(day)
  }
}

type Generated = {growth: {days: number; edits: number; megabytes: number}[]; edits: number; generateS: number; hot: string[]}

/** Generates the journal and the dataset file it ends at; the growth curve is the journal's size after each tenth. */
function generate(options: YearOptions, dataset: {file: string}): Generated {
  const demo = readDataset(DEMO_DATASET)
  const ids = new Set(demo.map((doc) => doc._id))
  const documents = [...demo, ...generateDataset(options.articles, 2).filter((doc) => !ids.has(doc._id))]
  fs.writeFileSync(dataset.file, toNdjson(documents))
  const docs = new Map(documents.map((doc) => [doc._id, doc]))
  const articles = documents.filter((doc) => doc._type === 'article' && !doc._id.startsWith('drafts.')).map((doc) => doc._id)
  const journal = new Journal(dataset.file)
  journal.recover(digest(fs.readFileSync(dataset.file)))
  const growth: Generated['growth'] = []
  const every = Math.max(1, Math.round(options.days / 10))
  const started = performance.now()
  let batch: LoggedTransaction[] = []
  const flush = () => {
    journal.appendAll(batch)
    batch = []
  }
  for (const transaction of editing(options, docs, articles, (day) => {
    if ((day + 1) % every !== 0 && day + 1 !== options.days) return
    flush()
    // measured as a closed journal is: the write-ahead log moved into the database
    journal.checkpoint()
    growth.push({days: day + 1, edits: journal.lastSeq, megabytes: journalSize(dataset.file) / 1e6})
  })) {
    batch.push(transaction)
    if (batch.length === 5000) flush()
  }
  flush()
  const bytes = Buffer.from(toNdjson([...docs.values()]))
  fs.writeFileSync(dataset.file, bytes)
  journal.wrote({digest: digest(bytes), seq: journal.lastSeq})
  journal.close()
  return {growth, edits: growth.at(-1)!.edits, generateS: round1((performance.now() - started) / 1000), hot: articles.slice(0, 50)}
}

/** The year to measure, in a directory of its own: generated, or a copy of the one BENCH_YEAR_KEEP kept. */
function yearDataset(options: YearOptions): {dataset: ReturnType<typeof datasetOf>; generated: Generated} {
  const keep = process.env.BENCH_YEAR_KEEP
  if (!keep) {
    const dataset = datasetOf('')
    return {dataset, generated: generate(options, dataset)}
  }
  const kept = path.join(keep, 'year.json')
  if (!fs.existsSync(kept)) {
    fs.mkdirSync(keep, {recursive: true})
    const generated = generate(options, {file: path.join(keep, 'dataset.ndjson')})
    fs.writeFileSync(kept, JSON.stringify({options, ...generated}))
  }
  const {options: keptOptions, ...generated} = JSON.parse(fs.readFileSync(kept, 'utf8')) as Generated & {options: YearOptions}
  Object.assign(options, {...keptOptions, sample: options.sample})
  // the measuring process saves into the store: it gets a copy, so the kept year stays as it was generated
  const dataset = datasetOf('')
  fs.cpSync(keep, path.dirname(dataset.file), {recursive: true})
  return {dataset, generated}
}

type Half = {p50: number; p95: number; rowsPerPage: number}
type Measured = {
  startMs: number
  p50: number
  p95: number
  max: number
  rssMb: number
  saveP50: number
  rowsPerPage: number
  hot: Half
  spread: Half
}

/** The year, generated and measured: the bench:lake section's tables. */
export function yearOfEditing(options: YearOptions, demoSaveP50: number) {
  const {dataset, generated} = yearDataset(options)
  const {growth, edits, generateS, hot} = generated
  // before the measuring process adds its own saves
  const bytes = journalSize(dataset.file)
  try {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'journal-year-measure.ts'), dataset.file, String(options.sample), hot.join(',')],
      {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24},
    )
    if (child.status !== 0) throw new Error(`journal-year-measure.ts failed (${child.status}): ${child.stdout}`)
    const m = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measured
    const perEdit = Math.round(bytes / edits)
    const table = [
      `| a year of editing: ${edits.toLocaleString('en')} small edits over ${options.days} days (demo + ${options.articles.toLocaleString('en')} articles) | result | target |`,
      '| --- | ---: | ---: |',
      `| journal on disk | ${(bytes / 1e6).toFixed(1)} MB, ${perEdit} bytes per edit | ≤ 1 KB per edit |`,
      `| server start-up (store opened on the dataset and the journal) | ${m.startMs} ms | ≤ 1,000 ms |`,
      `| one document's first history page (events + transactions with effects), ${options.sample} documents | p50 ${m.p50} ms, p95 ${m.p95} ms, max ${m.max} ms | p95 ≤ 50 ms |`,
      `| journal rows read per first page (mean) | ${m.rowsPerPage} | the page's, not the journal's |`,
      `| first page of the 50 hot articles / of the others: p50, p95, rows read (mean) | ${m.hot.p50} / ${m.spread.p50} ms, ${m.hot.p95} / ${m.spread.p95} ms, ${m.hot.rowsPerPage} / ${m.spread.rowsPerPage} | |`,
      `| RSS after those history reads | ${m.rssMb} MB | ≤ 300 MB |`,
      `| save p50 with that journal, demo + ${options.articles.toLocaleString('en')} articles | ${m.saveP50} ms (${round1(m.saveP50 / demoSaveP50)}× the demo's ${demoSaveP50} ms) | ≤ 3× |`,
      `| generating it (straight into the journal, 5,000 transactions per SQLite transaction) | ${generateS} s | |`,
    ].join('\n')
    const curve = [
      '| days | edits | journal MB | bytes per edit |',
      '| ---: | ---: | ---: | ---: |',
      ...growth.map(
        (g) => `| ${g.days} | ${g.edits.toLocaleString('en')} | ${g.megabytes.toFixed(1)} | ${Math.round((g.megabytes * 1e6) / g.edits)} |`,
      ),
    ].join('\n')
    return {table, curve}
  } finally {
    dataset.remove()
  }
}
