import 'server-only'
import {unstable_cache} from 'next/cache'
import type {z} from 'zod'
import {env} from '../env'
import {embeddedStore} from './embedded'
import {hostedClient} from './hosted'
import {describeZodError} from './log'
import type {QueryDefinition} from './queries'
import type {Perspective} from './store'

/** How long a published page may be served before it is re-checked, when no webhook says otherwise. */
export const REVALIDATE_SECONDS = 300

type Params = Record<string, string | number | boolean | string[]>

let client: ReturnType<typeof hostedClient> | undefined

async function runQuery(query: string, params: Params, perspective: Perspective, tags: string[]) {
  if (env.mode === 'embedded') return embeddedStore().query(query, params, perspective)
  client ??= hostedClient(env)
  return client.fetch(query, params, {
    perspective: 'published',
    useCdn: true,
    next: {revalidate: REVALIDATE_SECONDS, tags},
  })
}

// Next's data cache exists only inside a Next server or build; plain Node (tests, scripts) queries directly.
const cachedEmbeddedQuery = (query: string, params: Params, tags: string[]) =>
  !process.env.NEXT_RUNTIME
    ? embeddedStore().query(query, params, 'published')
    : unstable_cache(() => embeddedStore().query(query, params, 'published'), ['embedded', query, JSON.stringify(params)], {
    tags,
    revalidate: REVALIDATE_SECONDS,
  })()

/**
 * The one door to content. Runs a named query in the configured mode and parses the result with the
 * query's schema. A result that does not parse is logged and comes back as null, so pages 404
 * rather than 500.
 */
export async function fetchContent<S extends z.ZodType>(
  definition: QueryDefinition<S>,
  params: Params = {},
): Promise<z.output<S> | null> {
  const {query, schema, tags, name} = definition
  const raw =
    env.mode === 'embedded'
      ? await cachedEmbeddedQuery(query, params, tags)
      : await runQuery(query, params, 'published', tags)
  const parsed = schema.safeParse(raw)
  if (parsed.success) return parsed.data
  console.warn(`[content] ${name}(${JSON.stringify(params)}) did not parse: ${describeZodError(parsed.error)}`)
  return null
}
