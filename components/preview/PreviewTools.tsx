'use client'

import {useRouter} from 'next/navigation'
import {useCallback, useEffect, useRef, useTransition} from 'react'
import {VisualEditing} from 'next-sanity/visual-editing/client-component'
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
    const changes = new EventSource(changesPath)
    changes.addEventListener('change', refresh)
    return () => changes.close()
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
