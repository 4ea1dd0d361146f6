// The account and project answers the Studio asks for at start: one local editor, one project, one dataset.
import type {RouteCall} from './context'
import {readBody, readJson, send} from './http'
import {LakeError} from './transaction'

/** The one editor of a local lake. The Studio signs in as this user with no login wall. */
export const LOCAL_USER = {
  id: 'local-editor',
  name: 'Local Editor',
  email: 'editor@localhost',
  profileImage: null,
  role: 'administrator',
  roles: [{name: 'administrator', title: 'Administrator', description: 'Full access on this machine'}],
  provider: 'local',
}

/** The Studio checks the protocol with a bare fetch, before it has a token. */
export const ping = ({r}: RouteCall) => send(r, 200, 'PONG')

export const currentUser = ({r}: RouteCall) => send(r, 200, LOCAL_USER)

/** `/users/<id,id,...>`: the local editor if asked for; a list when more than one id is asked. */
export function users({r, params}: RouteCall) {
  const ids = params.ids.split(',')
  const found = ids.includes(LOCAL_USER.id) ? [LOCAL_USER] : []
  send(r, 200, ids.length > 1 ? found : (found[0] ?? {}))
}

/** Feature flags and user applications: none here. */
export const noneOf = ({r}: RouteCall) => send(r, 200, [])

export function project({lake, r}: RouteCall) {
  send(r, 200, {
    id: lake.options.projectId,
    displayName: 'Broadsheet (local)',
    studioHost: null,
    isBlocked: false,
    isDisabled: false,
    isDisabledByUser: false,
    metadata: {},
    members: [{id: LOCAL_USER.id, role: 'administrator', roles: LOCAL_USER.roles, isCurrentUser: true, isRobot: false}],
    features: [],
  })
}

export const datasets = ({lake, r}: RouteCall) => send(r, 200, [{name: lake.options.dataset, aclMode: 'private'}])

/** The local editor may do everything to every document. */
export const acl = ({r}: RouteCall) => send(r, 200, [{filter: '_id in path("**")', permissions: ['read', 'update', 'create', 'history']}])

/** `/users/me/keyvalue/<key,key,...>`: the Studio's settings, read with GET, written with PUT or POST. */
export async function keyValue({lake, r, rest}: RouteCall) {
  const method = r.req.method ?? 'GET'
  const keys = rest[0]
  if (method === 'GET' && keys) {
    const values = keys.split(',').map((key) => ({key, value: lake.keyValues.get(key) ?? null}))
    return send(r, 200, values)
  }
  if (method === 'PUT' || method === 'POST') {
    const body = (await readJson(r.req, true)) as unknown as {key: string; value: unknown}[]
    for (const {key, value} of Array.isArray(body) ? body : []) lake.keyValues.set(String(key), value)
    return send(r, 200, Array.isArray(body) ? body : [])
  }
  throw new LakeError(404, 'Unknown key-value request', 'notFoundError')
}

// The hosted API's answers for a project with nothing to say: the Studio asks these in every session.

/** `/v1/help`: no resources and no welcome video, so the help menu shows its built-in links. */
export const noHelp = ({r}: RouteCall) => send(r, 200, {})

/** `/journey/*` (trial, asset and document limits, comments upsell): null is "no offer to show". */
export const noJourney = ({r}: RouteCall) => send(r, 200, null)

/** `/descriptors/claim`: the schema descriptor counts as already synchronized, so nothing more is sent. */
export const claimDescriptor = ({r}: RouteCall) =>
  send(r, 200, {expiresAt: new Date(Date.now() + 24 * 3600_000).toISOString(), synchronization: {type: 'complete'}})

export const synchronizeDescriptor = ({r}: RouteCall) => send(r, 200, {type: 'complete'})

/** `/intake/telemetry-status`: no consent, so the Studio keeps its usage events to itself. */
export const noTelemetry = ({r}: RouteCall) => send(r, 200, {status: 'denied'})

/** `/intake/batch`: events sent anyway on page hide (a beacon, with no token) are dropped unread. */
export async function dropTelemetry({r}: RouteCall) {
  await readBody(r.req, 1024 * 1024)
  send(r, 200, {})
}
