'use client'

import {useRouter} from 'next/navigation'
import {useCallback, useEffect, useRef, useTransition} from 'react'
import {VisualEditing} from 'next-sanity/visual-editing/client-component'
// next-sanity's own action (marked internal): its server wrapper passes it, but a client component must import it
import {perspectiveChangeAction} from 'next-sanity/visual-editing/server-actions'

type Props = {
  /** The draft-mode change stream (lib/site/draft-changes.ts). */
  changesPath: string
}

/**
 * What a draft-mode page runs in the browser, and only there: click-to-edit overlays for the Presentation tool
 * (mapped by the `data-sanity` attributes the page's components carry in draft mode), its "Drafts/Published" switch
 * (next-sanity's action sets the perspective cookie), and a refresh whenever the server says content changed, so a
 * keystroke in the Studio shows without a reload. Refreshes never overlap: changes during one are folded into one more.
 */
export function PreviewTools({changesPath}: Props) {
  const router = useRouter()
  const [refreshing, startTransition] = useTransition()
  const busy = useRef(false)
  const again = useRef(false)

  const refresh = useCallback(() => {
    if (busy.current) {
      again.current = true
      return
    }
    busy.current = true
    startTransition(() => router.refresh())
  }, [router])

  useEffect(() => {
    if (refreshing) return
    busy.current = false
    if (again.current) {
      again.current = false
      refresh()
    }
  }, [refreshing, refresh])

  useEffect(() => {
    let changes: EventSource | undefined
    let opened = false
    const open = () => {
      changes = new EventSource(changesPath)
      changes.addEventListener('change', refresh)
      // a reconnection (a server restart, a proxy's idle timeout) or a tab shown again missed what changed meanwhile
      changes.addEventListener('open', () => {
        if (opened) refresh()
        opened = true
      })
    }
    const close = () => {
      changes?.close()
      changes = undefined
    }
    // a hidden tab neither holds one of the browser's six connections to the site nor re-renders on every change
    const onVisibility = () => (document.visibilityState === 'hidden' ? close() : changes ? undefined : open())
    if (document.visibilityState !== 'hidden') open()
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      document.removeEventListener('visibilitychange', onVisibility)
      close()
    }
  }, [changesPath, refresh])

  return (
    <VisualEditing
      onPerspectiveChange={perspectiveChangeAction}
      refresh={(payload) => {
        // the Studio's own edits arrive through the change stream once the server has them; a manual reload refreshes now
        if (payload.source !== 'manual') return false
        refresh()
        return Promise.resolve()
      }}
    />
  )
}
