// Runs Sanity's own importer (@sanity/import, what `sanity dataset import` uses) against a Content Lake:
// node --import tsx tests/support/import-into-lake.ts <folder> <apiHost> <token>
import {sanityImport} from '@sanity/import'
import {lakeClientAt} from './lake'

const [folder, apiHost, token] = process.argv.slice(2)
const client = lakeClientAt(apiHost, token)
sanityImport(folder, {client, operation: 'createOrReplace', onProgress: () => {}, tag: 'test.import'} as never)
  .then((result: unknown) => console.log(JSON.stringify(result)))
  .catch((error: Error) => {
    console.error(error)
    process.exit(1)
  })
