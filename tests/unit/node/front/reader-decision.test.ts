// Which requests npm start's front takes, and what a client can and cannot claim (lib/node/front/reader-decision.mjs).
import fs from 'node:fs'
import type {IncomingMessage} from 'node:http'
import os from 'node:os'
import path from 'node:path'
import {createDraftCheck, createPreviewIdSource, isFrontRequest, variesBeyondUrl} from '@/lib/node/front/reader-decision.mjs'
import {negotiateEncoding} from '@/lib/node/front/encoding.mjs'

const request = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
  ({url, method, headers}) as unknown as IncomingMessage

describe('which requests the front takes', () => {
  it.each(['/', '/articles/a', '/search?q=x', '/page/2', '/no-such-page', '/feed.xml', '/articles/a?_rsc=x1'])('%s', (url) => {
    expect(isFrontRequest(request(url))).toBe(true)
    expect(isFrontRequest(request(url, {}, 'HEAD'))).toBe(true)
    // a draft cookie or a router header changes nothing here: what they get is decided from Next's answer
    expect(isFrontRequest(request(url, {cookie: '__prerender_bypass=bogus', rsc: '1'}))).toBe(true)
  })

  it.each([
    ['Next’s files', request('/_next/static/chunks/a.js')],
    ['the API', request('/api/draft-mode/disable')],
    ['the Studio', request('/studio/structure/article')],
    ['an embedded image', request('/media/a.png')],
    ['a POST', request('/', {}, 'POST')],
  ])('not %s', (_name, req) => {
    expect(isFrontRequest(req)).toBe(false)
  })
})

describe('draft mode, as Next checks it', () => {
  const isDraft = createDraftCheck('0123456789abcdef0123456789abcdef')
  it('is the build’s preview id in the cookie, nothing else', () => {
    expect(isDraft(request('/', {cookie: 'a=1; __prerender_bypass=0123456789abcdef0123456789abcdef'}))).toBe(true)
    expect(isDraft(request('/', {cookie: '__prerender_bypass=bogus'}))).toBe(false)
    expect(isDraft(request('/', {cookie: '__prerender_bypass=0123456789abcdef0123456789abcdeX'}))).toBe(false)
    expect(isDraft(request('/', {cookie: '__prerender_bypass='}))).toBe(false)
    expect(isDraft(request('/'))).toBe(false)
  })

  it('keeps the micro-cache away from anything that may differ by more than the URL', () => {
    expect(variesBeyondUrl(request('/', {cookie: '__prerender_bypass=bogus'}))).toBe(true)
    expect(variesBeyondUrl(request('/', {rsc: '1'}))).toBe(true)
    expect(variesBeyondUrl(request('/?_rsc=1'))).toBe(true)
    expect(variesBeyondUrl(request('/', {cookie: 'theme=dark'}))).toBe(false)
  })
})

describe('content encoding, by the client’s q-values', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['br;q=0.1, gzip', 'gzip'],
    ['gzip;q=0.2, br;q=0.9', 'br'],
    ['*', 'br'],
    ['identity', undefined],
    ['gzip;q=0, br;q=0', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, expected) => {
    expect(negotiateEncoding(request('/', header === undefined ? {} : {'accept-encoding': header}))).toBe(expected)
  })
})

describe('the preview id proxy.ts checks draft cookies against', () => {
  const write = (file: string, body: unknown) => {
    fs.mkdirSync(path.dirname(file), {recursive: true})
    fs.writeFileSync(file, JSON.stringify(body))
  }
  let distDir: string
  beforeEach(() => {
    distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-id-'))
  })
  afterEach(() => fs.rmSync(distDir, {recursive: true, force: true}))

  it('is the build’s in production', () => {
    write(path.join(distDir, 'prerender-manifest.json'), {preview: {previewModeId: 'built'}})
    write(path.join(distDir, 'dev', 'server', 'preview-props.json'), {previewModeId: 'dev'})
    expect(createPreviewIdSource({distDir, development: false})()).toBe('built')
  })

  it('is the one `next dev` wrote at its start in development, read again after a restart', () => {
    write(path.join(distDir, 'prerender-manifest.json'), {preview: {previewModeId: 'built'}})
    const devProps = path.join(distDir, 'dev', 'server', 'preview-props.json')
    write(devProps, {previewModeId: 'first-start'})
    const previewModeId = createPreviewIdSource({distDir, development: true})
    expect(previewModeId()).toBe('first-start')
    write(devProps, {previewModeId: 'second-start'})
    expect(previewModeId()).toBe('second-start')
  })

  it.each([false, true])('is none while it cannot be read (development: %s): logged once, read again later', (development) => {
    const lines: string[] = []
    let clock = 0
    const previewModeId = createPreviewIdSource({distDir, development, log: (line) => lines.push(line), now: () => clock})
    expect(previewModeId()).toBeUndefined()
    expect(previewModeId()).toBeUndefined()
    clock += 60_000
    expect(previewModeId()).toBeUndefined()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/cannot read the preview id.*strict policy/)
    write(path.join(distDir, 'prerender-manifest.json'), {preview: {previewModeId: 'built'}})
    write(path.join(distDir, 'dev', 'server', 'preview-props.json'), {previewModeId: 'dev'})
    expect(previewModeId()).toBeUndefined() // not before the retry is due
    clock += 60_000
    expect(previewModeId()).toBe(development ? 'dev' : 'built')
  })
})
