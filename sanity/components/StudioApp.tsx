'use client'

import Link from 'next/link'
import {NextStudio} from 'next-sanity/studio'
// the same Studio without the Sanity dashboard's bridge script, which offline only fails to load
import {NextStudio as NextStudioOffline} from 'next-sanity/studio/client-component'
import {useEffect, useMemo, useState} from 'react'
import {createStudioConfig} from '../../sanity.config'
import {studioIsHosted} from '../env'
import type {LakeSession} from '../../lib/offline/lake/session'

type LakeState = {status: 'loading'} | {status: 'ready'; session: LakeSession} | {status: 'unavailable'; message: string}

/** In embedded mode, asks this site for the local Content Lake's address and token first. */
function useLakeSession(): LakeState {
  const [state, setState] = useState<LakeState>({status: 'loading'})
  useEffect(() => {
    if (studioIsHosted) return
    // an answer that arrives after cleanup (React's strict mode runs effects twice) is dropped, so the
    // Studio is built from one session only
    let current = true
    const settle = (next: LakeState) => current && setState(next)
    fetch('/api/local-lake', {cache: 'no-store'})
      .then(async (response) => {
        const body = await response.json()
        settle(response.ok ? {status: 'ready', session: body} : {status: 'unavailable', message: body.error})
      })
      .catch(() => settle({status: 'unavailable', message: 'The site did not answer. Is the server running?'}))
    return () => {
      current = false
    }
  }, [])
  return state
}

const hostedConfig = studioIsHosted ? createStudioConfig() : null

export function StudioApp() {
  const lake = useLakeSession()
  const session = lake.status === 'ready' ? lake.session : null
  const config = useMemo(() => hostedConfig ?? (session ? createStudioConfig(session) : null), [session])
  if (config) return hostedConfig ? <NextStudio config={config} /> : <NextStudioOffline config={config} />
  if (lake.status === 'unavailable') {
    return (
      <main style={{font: '16px/1.5 system-ui, sans-serif', maxWidth: '36rem', margin: '15vh auto', padding: '0 1.5rem'}}>
        <h1 style={{fontSize: '1.5rem'}}>The Studio cannot edit here</h1>
        <p role="alert">{lake.message}</p>
        <p>
          The site itself is unaffected: <Link href="/">go to the home page</Link>.
        </p>
      </main>
    )
  }
  return <p style={{font: '14px system-ui, sans-serif', padding: '2rem'}}>Loading the Studio…</p>
}
