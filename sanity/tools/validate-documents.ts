/**
 * Runs the Studio's own document validation (Sanity's `validateDocument`, the same rules the Studio shows
 * editors) over the documents of an NDJSON file, offline.
 *
 *   node --import tsx sanity/tools/validate-documents.ts <documents.ndjson> --api-host <url>
 *     [--environment studio|cli] [--out <file>]
 *
 * Custom validators (per-type slug uniqueness, "is the embedded quote published") and the reference checks
 * query a Content Lake through a real `@sanity/client` pointed at `--api-host` (a hosted project's API, or a
 * local stand-in such as tests/support/fake-content-lake.ts). Writes `{results: [{_id, _type, markers}]}`
 * as JSON to `--out` (or stdout) and exits 1 when any document has an error-level marker.
 *
 * `--environment studio` (the default) reports exactly what the Studio shows editors. `cli` adds a warning
 * for every field the schema does not know (useful on imported data) but, in sanity 5.31, also downgrades
 * every rule on an object-typed field (slug, image, reference) to a warning with the default message,
 * since it appends its unknown-field check to those rules with `.warning()`.
 *
 * This runs as its own Node process because Jest cannot load the Studio bundle (`sanity` is ESM and uses
 * `import.meta`); tests/unit/studio/validation.test.ts starts it.
 */
import fs from 'node:fs'
import {parseArgs} from 'node:util'
import {createClient, type SanityClient} from '@sanity/client'
import {createSchema, pathToString, validateDocument, type SanityDocument, type Workspace} from 'sanity'
import {schemaTypes} from '../schema-types'
import {studioApiVersion} from '../env'

export type ValidationResult = {
  _id: string
  _type: string
  markers: {level: 'error' | 'warning' | 'info'; message: string; path: string}[]
}

/** Validates each document; `client` answers the queries that validators make. */
export async function validateDocuments(
  documents: SanityDocument[],
  client: SanityClient,
  environment: 'studio' | 'cli' = 'studio',
): Promise<ValidationResult[]> {
  const schema = createSchema({name: 'broadsheet', types: schemaTypes})
  if (schema._validation?.some((group) => group.problems.some((problem) => problem.severity === 'error'))) {
    throw new Error('The schema has errors: run `npx sanity schema validate`')
  }
  const getClient = (options: {apiVersion: string}) => client.withConfig({apiVersion: options.apiVersion})
  // validateDocument reads only `schema`, `getClient` and `i18n` (falls back to English) from the workspace.
  const workspace = {schema, getClient} as unknown as Workspace
  // A reference must point at a published document (a reference's `_ref` is always the published id).
  const getDocumentExists = ({id}: {id: string}) =>
    client.withConfig({perspective: 'raw'}).fetch<boolean>(`count(*[_id == $id]) > 0`, {id}, {tag: 'validation.exists'})

  const results: ValidationResult[] = []
  for (const document of documents) {
    const markers = await validateDocument({document, workspace, getClient, getDocumentExists, environment})
    results.push({
      _id: document._id,
      _type: document._type,
      markers: markers.map(({level, message, path}) => ({level, message, path: pathToString(path)})),
    })
  }
  return results
}

/** Documents the schema describes; assets and other system documents (`sanity.*`) are Sanity's to check. */
export function isContentDocument(document: {_type: string}) {
  return !document._type.startsWith('sanity.') && !document._type.startsWith('system.')
}

export function readNdjson(file: string): SanityDocument[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as SanityDocument)
}

async function main() {
  const {values, positionals} = parseArgs({
    allowPositionals: true,
    options: {
      'api-host': {type: 'string'},
      'project-id': {type: 'string', default: 'broadsheet-local'},
      dataset: {type: 'string', default: 'production'},
      out: {type: 'string'},
      environment: {type: 'string', default: 'studio'},
    },
  })
  const [file] = positionals
  const environment = values.environment
  if (!file || !values['api-host'] || (environment !== 'studio' && environment !== 'cli')) {
    console.error('usage: validate-documents.ts <documents.ndjson> --api-host <url> [--environment studio|cli] [--out <file>]')
    process.exit(2)
  }
  const client = createClient({
    projectId: values['project-id'],
    dataset: values.dataset,
    apiHost: values['api-host'],
    useProjectHostname: false,
    useCdn: false,
    apiVersion: studioApiVersion,
    token: process.env.SANITY_API_READ_TOKEN,
  })
  const results = await validateDocuments(readNdjson(file).filter(isContentDocument), client, environment)
  const json = JSON.stringify({results}, null, 2)
  if (values.out) fs.writeFileSync(values.out, json)
  else process.stdout.write(json + '\n')
  const failed = results.filter((result) => result.markers.some((marker) => marker.level === 'error'))
  for (const result of failed)
    console.error(`✖ ${result._id}: ${result.markers.map((m) => `${m.path || '(document)'}: ${m.message}`).join('; ')}`)
  process.exitCode = failed.length ? 1 : 0
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error)
    process.exit(2)
  })
}
