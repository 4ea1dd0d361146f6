/**
 * What rendered output must never contain, however hostile the content. Each check returns problems
 * (empty when the output is safe), each with a kind, so the test can report them by class.
 */

export type ProblemKind =
  | 'script' // a <script> that is not JSON-LD, or raw `<script` text that is not one
  | 'event-handler' // an on* attribute
  | 'url' // a javascript:, data:, vbscript:, file: ... URL in an attribute a browser follows or loads
  | 'element' // an element that can run or load a document (iframe, object, embed, base, meta refresh ...)
  | 'json-ld' // JSON-LD that does not parse, or that could close its <script>
  | 'style' // an inline style that loads anything but next/image's own blur placeholder
  | 'xml' // a feed or sitemap that does not parse, or links off-site
  | 'metadata' // page metadata with a URL that is not the site's

export type Problem = {kind: ProblemKind; detail: string}

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel'])

/** Attributes whose value a browser navigates to or loads. */
const URL_ATTRIBUTES = [
  'href',
  'src',
  'cite',
  'action',
  'formaction',
  'poster',
  'background',
  'data',
  'ping',
  'xlink:href',
  'longdesc',
  'manifest',
  'codebase',
]
const SRCSET_ATTRIBUTES = ['srcset', 'imagesrcset']
const FORBIDDEN_ELEMENTS = [
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'meta',
  'svg',
  'math',
  'portal',
  'template',
  'noscript',
]

const clip = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/**
 * The scheme a browser would see in a URL attribute: the URL parser strips leading and trailing C0
 * controls and spaces, and removes tabs and newlines anywhere, before it reads the scheme.
 */
export function urlScheme(value: string): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned)
  return match ? match[1].toLowerCase() : null
}

function checkUrl(where: string, value: string, problems: Problem[]): void {
  const scheme = urlScheme(value)
  if (scheme && !SAFE_SCHEMES.has(scheme)) problems.push({kind: 'url', detail: `${where}="${clip(value)}"`})
  // a protocol-relative URL leaves the site as surely as an absolute one
  else if (!scheme && /^[\\/]{2}/.test(value.trim())) problems.push({kind: 'url', detail: `${where}="${clip(value)}" (protocol-relative)`})
}

/**
 * next/image's blur placeholder, as the last declaration of an <img> style: one SVG data URL whose
 * <image href> is the LQIP. Everything before it must be plain declarations that load nothing.
 */
const BLUR_STYLE = /^(?:[a-z-]+:[^;"'()]*;)*background-image:url\("data:image\/svg\+xml;charset=utf-8,([^"]*)"\)$/
const LQIP = /^data:image\/(png|jpe?g|webp|gif|avif);base64,[A-Za-z0-9+/=]+$/

function checkStyle(where: string, style: string, problems: Problem[]): void {
  const svg = BLUR_STYLE.exec(style.trim())?.[1]
  if (svg !== undefined) {
    // the LQIP sits in a single-quoted SVG attribute: it must be a small data: image and nothing else
    const images = svg.split('%3Cimage ').length - 1
    const href = /href='([^']*)'\/%3E%3C\/svg%3E$/.exec(svg)?.[1]
    if (images !== 1 || href === undefined || (href !== '' && !LQIP.test(href))) {
      problems.push({kind: 'style', detail: `${where} blur placeholder carries a hostile LQIP: "${clip(href ?? svg, 200)}"`})
    }
    return
  }
  if (/url\(|expression\s*\(|javascript:|vbscript:|@import|behavior\s*:/i.test(style)) {
    // only next/image writes inline styles here: anything else that loads is its placeholder, broken open
    problems.push({kind: 'style', detail: `${where} style loads more than the blur placeholder: "${clip(style, 300)}"`})
  }
}

/**
 * Checks server-rendered HTML. Parsing is done by the DOMParser (which never runs scripts); the raw
 * text is also checked, since a `</script>` that was not escaped shows as an extra script element.
 */
export function checkHtml(html: string): Problem[] {
  const problems: Problem[] = []
  const doc = new DOMParser().parseFromString(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`, 'text/html')
  const scripts = [...doc.querySelectorAll('script')]
  for (const script of scripts) {
    const type = (script.getAttribute('type') ?? '').trim().toLowerCase()
    if (type !== 'application/ld+json') {
      problems.push({kind: 'script', detail: `<script type="${type}">${clip(script.textContent ?? '')}</script>`})
      continue
    }
    const text = script.textContent ?? ''
    if (/<\/script|<!--/i.test(text)) problems.push({kind: 'json-ld', detail: `JSON-LD contains markup: ${clip(text)}`})
    try {
      JSON.parse(text)
    } catch (error) {
      problems.push({kind: 'json-ld', detail: `JSON-LD does not parse (${(error as Error).message}): ${clip(text)}`})
    }
  }
  const rawScripts = html.match(/<script\b/gi)?.length ?? 0
  if (rawScripts !== scripts.length) {
    problems.push({kind: 'script', detail: `${rawScripts} "<script" in the HTML text, ${scripts.length} script elements`})
  }
  for (const element of doc.querySelectorAll(FORBIDDEN_ELEMENTS.join(','))) {
    problems.push({kind: 'element', detail: clip(element.outerHTML)})
  }
  for (const element of doc.querySelectorAll('form')) {
    const action = element.getAttribute('action')
    if (action !== '/search') problems.push({kind: 'element', detail: `form action="${action}"`})
  }
  for (const element of doc.body.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase()
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase()
      const where = `<${tag} ${name}>`
      if (name.startsWith('on')) problems.push({kind: 'event-handler', detail: `${where}="${clip(attribute.value)}"`})
      else if (name === 'srcdoc') problems.push({kind: 'element', detail: `${where}`})
      else if (URL_ATTRIBUTES.includes(name)) checkUrl(`<${tag} ${name}`, attribute.value, problems)
      else if (SRCSET_ATTRIBUTES.includes(name)) {
        for (const candidate of attribute.value.split(',')) checkUrl(`<${tag} ${name}`, candidate.trim().split(/\s+/)[0] ?? '', problems)
      } else if (name === 'style') checkStyle(`<${tag}>`, attribute.value, problems)
      else if (name === 'http-equiv') problems.push({kind: 'element', detail: `${where}="${clip(attribute.value)}"`})
    }
  }
  // React hoists preloads (next/image with priority) into <head>
  for (const link of doc.head.querySelectorAll('link')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase()
    if (rel !== 'preload' || link.getAttribute('as') !== 'image') problems.push({kind: 'element', detail: clip(link.outerHTML)})
    for (const name of ['href', 'imagesrcset']) {
      const value = link.getAttribute(name)
      if (value === null) continue
      for (const candidate of name === 'href' ? [value] : value.split(','))
        checkUrl(`<link ${name}`, candidate.trim().split(/\s+/)[0] ?? '', problems)
    }
  }
  return problems
}

/**
 * Checks a feed or sitemap: it must parse as XML, have the expected root, and every link in it must be
 * on the site.
 */
export function checkXml(xml: string, root: string, siteUrl: string): Problem[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml')
  const error = doc.getElementsByTagName('parsererror')[0]
  if (error) return [{kind: 'xml', detail: `does not parse: ${clip(error.textContent ?? '')}`}]
  const problems: Problem[] = []
  if (doc.documentElement.localName !== root)
    problems.push({kind: 'xml', detail: `root <${doc.documentElement.localName}>, expected <${root}>`})
  for (const name of ['link', 'guid', 'loc']) {
    for (const element of doc.getElementsByTagName(name)) {
      const url = element.textContent ?? ''
      if (!url.startsWith(`${siteUrl}/`) && url !== siteUrl) problems.push({kind: 'xml', detail: `<${name}> off the site: ${clip(url)}`})
    }
  }
  for (const element of doc.getElementsByTagName('lastmod')) {
    const text = element.textContent ?? ''
    if (Number.isNaN(Date.parse(text))) problems.push({kind: 'xml', detail: `<lastmod> is not a date: ${clip(text)}`})
  }
  return problems
}

/** Metadata URLs (canonical, Open Graph, authors) must stay on the site. */
export function checkMetadata(metadata: unknown): Problem[] {
  const problems: Problem[] = []
  const visit = (value: unknown, key: string, depth: number) => {
    if (depth > 8) return
    if (typeof value === 'string') {
      if (/^(url|canonical|href)$/i.test(key)) checkUrl(`metadata ${key}`, value, problems)
      return
    }
    if (value instanceof URL) {
      checkUrl(`metadata ${key}`, value.href, problems)
      return
    }
    if (Array.isArray(value)) value.forEach((item) => visit(item, key, depth + 1))
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k, depth + 1)
  }
  visit(metadata, '', 0)
  return problems.map((problem) => ({...problem, kind: 'metadata'}))
}
