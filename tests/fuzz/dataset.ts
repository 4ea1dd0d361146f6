import {demoDocuments} from '../support/demo'
import {tempDataset} from '../support/temp-dataset'
import type {Doc} from './mutations'

/** The demo dataset as written, drafts included. */
export const readDemoDataset = (): Doc[] => demoDocuments()

/** A private, empty dataset file for the fuzz run, beside a link to the demo images. Each batch is written over it. */
export const createFuzzDataset = () => tempDataset([], {prefix: 'broadsheet-fuzz-'})
