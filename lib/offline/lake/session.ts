// Client-safe: the Studio (browser) and the server both read this module, so it imports nothing.

/** The project id of the embedded dataset's local Content Lake. */
export const LOCAL_PROJECT_ID = 'broadsheet-local'

/** What the Studio needs to reach the local Content Lake (served by /api/local-lake). */
export type LakeSession = {apiHost: string; token: string; projectId: string; dataset: string}
