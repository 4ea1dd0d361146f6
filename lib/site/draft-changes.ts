import 'server-only'
import {env} from './env'
import {hostedClient} from './content/hosted'
import {isPreviewing} from './content/request-perspective'
import {embeddedStore} from '../offline/store/instance'
import {isEphemeral} from '../offline/store/store'

/** The path a draft-mode page listens on, to refresh itself when content changes. */
export const DRAFT_CHANGES_PATH = '/api/draft-mode/changes'

const PING_MS = 20_000

/**
 * Calls `onChange` whenever content an editor can preview changes: in embedded mode every commit to the store the
 * local Content Lake writes to (a keystroke in the Studio, a publish, a `git pull`); in hosted mode every event of
 * the Live Content API with drafts, read with the server's token, which never reaches the browser.
 */
function watchDrafts(onChange: () => void, onError: (error: Error) => void): () => void {
  if (env.mode === 'embedded') {
    return embeddedStore().onChange((change) => {
      // preview secrets the Presentation tool writes are not content
      if ([...change.changed, ...change.removed].some((doc) => !isEphemeral(doc))) onChange()
    })
  }
  const client = hostedClient(env).withConfig({token: env.readToken, useCdn: false})
  const subscription = client.live.events({includeDrafts: true, tag: 'preview.changes'}).subscribe({
    next: (event) => {
      if (event.type === 'message' || event.type === 'restart') onChange()
    },
    error: (error: Error) => onError(error),
  })
  return () => subscription.unsubscribe()
}

/**
 * `GET /api/draft-mode/changes`: a Server-Sent Events stream with one `change` event per change to previewable
 * content, for draft-mode pages only (the draft-mode cookie is the credential, as for the pages themselves). The
 * page re-renders on the server on each event (components/preview/PreviewTools.tsx), so what it shows is what
 * the server reads, in both modes, through the one door to content.
 */
export async function draftChangesResponse(request: Request): Promise<Response> {
  if (!(await isPreviewing())) {
    return new Response('Not in draft mode: this stream is for editors previewing drafts.', {
      status: 401,
      headers: {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store'},
    })
  }
  const encoder = new TextEncoder()
  let stop = () => {}
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        stop()
        try {
          controller.close()
        } catch {
          // already closed by the client going away
        }
      }
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          close()
        }
      }
      const unwatch = watchDrafts(
        () => send('event: change\ndata: {}\n\n'),
        (error) => {
          // the browser's EventSource reconnects, and the page refreshes once it is back
          console.warn(`[preview] the live content stream failed (${error.message}); the preview reconnects`)
          close()
        },
      )
      const ping = setInterval(() => send(': ping\n\n'), PING_MS)
      stop = () => {
        clearInterval(ping)
        unwatch()
      }
      request.signal.addEventListener('abort', close)
      send(': connected\n\n')
    },
    cancel: () => stop(),
  })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'private, no-store, no-transform',
      'X-Accel-Buffering': 'no',
    },
  })
}
