// The compressed-page memo: one body per URL, validator and variant, made once; and the best compression made in the
// background one page at a time, so a crawler can never queue up seconds of brotli 11 on the shared thread pool.
import {createEncodedMemo} from '@/lib/node/front/encoded-memo.mjs'

const settle = () => new Promise((resolve) => setImmediate(resolve))

it('makes each body once, and recompresses at best one page at a time, however many pages are hit again', async () => {
  const memo = createEncodedMemo()
  const made: string[] = []
  let finishBest: (() => void) | undefined
  const maker = (url: string) => async (strength: 'fast' | 'best') => {
    made.push(`${url} ${strength}`)
    if (strength === 'best') await new Promise<void>((resolve) => (finishBest = resolve))
    return Buffer.from(`${url} ${strength}`)
  }
  const pages = Array.from({length: 20}, (_, i) => `/articles/${i}`)
  for (const url of pages) await memo.get({url, validator: 'W/"1"', variant: 'br'}, maker(url), true)
  // every page hit again while the first upgrade is still running
  for (const url of pages) await memo.get({url, validator: 'W/"1"', variant: 'br'}, maker(url), true)
  await settle()
  expect(made.filter((entry) => entry.endsWith('fast'))).toHaveLength(20)
  expect(made.filter((entry) => entry.endsWith('best'))).toEqual(['/articles/0 best'])
  finishBest!()
  await settle()
  // the upgraded page is served at its best; the next hit of another page starts the next upgrade
  expect((await memo.get({url: pages[0], validator: 'W/"1"', variant: 'br'}, maker(pages[0]), true)).toString()).toBe('/articles/0 best')
  await memo.get({url: pages[1], validator: 'W/"1"', variant: 'br'}, maker(pages[1]), true)
  await settle()
  expect(made.filter((entry) => entry.endsWith('best'))).toEqual(['/articles/0 best', '/articles/1 best'])
  finishBest!()
})
