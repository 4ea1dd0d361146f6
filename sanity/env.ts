import {SANITY_API_VERSION} from '../lib/node/api-version.mjs'
import {LOCAL_PROJECT_ID} from '../lib/offline/lake/session'

// The Studio runs in the browser, where Next inlines only NEXT_PUBLIC_* variables referenced by name.
export const studioProjectId = process.env.NEXT_PUBLIC_SANITY_PROJECT_ID || LOCAL_PROJECT_ID
export const studioDataset = process.env.NEXT_PUBLIC_SANITY_DATASET || 'production'
export const studioIsHosted = Boolean(process.env.NEXT_PUBLIC_SANITY_PROJECT_ID)
export const studioApiVersion = SANITY_API_VERSION
