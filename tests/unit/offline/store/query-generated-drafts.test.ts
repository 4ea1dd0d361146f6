// The indexed store against plain groq-js on generated datasets (60 and 2,000 articles), drafts perspective; query.test.ts has the demo dataset.
// Split by perspective so that the two halves of the slowest comparison run on two cores (jest.config.mjs).
import {generateDataset} from '../../../support/generate-dataset'
import {itComparesEveryCase} from '../../../support/store-cases'
import {temporaryStores} from '../../../support/store'

const storeOf = temporaryStores()

describe('generated datasets, drafts perspective', () => {
  const large = storeOf(generateDataset(2000, 7))
  const medium = storeOf(generateDataset(60, 11))

  itComparesEveryCase('drafts', {large, medium})
})
