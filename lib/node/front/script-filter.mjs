// @ts-check
/**
 * A streaming filter that takes the client runtime out of a page Next rendered: every executable <script>
 * (the bootstrap, the chunks, the inlined RSC payload `self.__next_f.push`) and every script preload
 * (<link rel="preload" as="script">, <link rel="modulepreload">). Data blocks (`application/ld+json`) stay.
 *
 * It reads React's own output, not arbitrary HTML: React escapes `<` in text and attribute values, so a `<`
 * in the stream always opens a tag, a comment or a doctype. It works on latin1 strings, one char per byte,
 * so a multi-byte character split between chunks passes through untouched.
 */

/** Types a browser runs; anything else in a script element is data and stays. */
const DATA_SCRIPT = /^(application\/ld\+json|application\/json)$/i
const SCRIPT_CLOSE = /<\/script/gi
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g

/** @param {string} tag the whole start tag, `<name ...>` */
function attributesOf(tag) {
  const attributes = new Map()
  const body = tag.slice(1).replace(/^[^\s/>]+/, '')
  for (const match of body.matchAll(ATTRIBUTE)) attributes.set(match[1].toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '')
  return attributes
}

/** @param {string} buffer @param {number} from index of `<` @returns {number} index after the tag's `>`, or -1 if not yet complete */
function tagEnd(buffer, from) {
  let quote = ''
  for (let i = from + 1; i < buffer.length; i++) {
    const c = buffer[i]
    if (quote) {
      if (c === quote) quote = ''
    } else if (c === '"' || c === "'") quote = c
    else if (c === '>') return i + 1
  }
  return -1
}

/** @param {Map<string, string>} attributes */
function isScriptPreload(attributes) {
  const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/)
  return rel.includes('modulepreload') || (rel.includes('preload') && (attributes.get('as') ?? '').toLowerCase() === 'script')
}

/** A fresh filter for one response: push() each chunk, then end(). Both return what to send on. */
export function createScriptFilter() {
  let pending = ''
  /** @type {'text' | 'drop' | 'keep'} inside a script: drop it, or keep it (a data block) */
  let state = 'text'
  let removed = 0

  /** @param {string} buffer @param {boolean} final */
  function run(buffer, final) {
    let out = ''
    let i = 0
    while (i < buffer.length) {
      if (state !== 'text') {
        SCRIPT_CLOSE.lastIndex = i
        const close = SCRIPT_CLOSE.exec(buffer)?.index ?? -1
        const end = close === -1 ? -1 : buffer.indexOf('>', close)
        if (end === -1) {
          // keep enough to recognise a `</script>` split across chunks
          const safe = final ? buffer.length : Math.max(i, buffer.length - 9)
          if (state === 'keep') out += buffer.slice(i, safe)
          pending = buffer.slice(safe)
          return out
        }
        if (state === 'keep') out += buffer.slice(i, end + 1)
        i = end + 1
        state = 'text'
        continue
      }
      const open = buffer.indexOf('<', i)
      if (open === -1) {
        out += buffer.slice(i)
        i = buffer.length
        break
      }
      out += buffer.slice(i, open)
      if (!final && buffer.length - open < 8) {
        pending = buffer.slice(open)
        return out
      }
      let end
      if (buffer.startsWith('<!--', open)) {
        const close = buffer.indexOf('-->', open + 4)
        end = close === -1 ? -1 : close + 3
      } else end = tagEnd(buffer, open)
      if (end === -1) {
        if (final) {
          out += buffer.slice(open)
          i = buffer.length
          break
        }
        pending = buffer.slice(open)
        return out
      }
      const tag = buffer.slice(open, end)
      if (/^<script[\s>/]/i.test(tag)) {
        // in HTML a script element always runs to its end tag, even when written `<script/>`
        if (DATA_SCRIPT.test(attributesOf(tag).get('type') ?? '')) {
          out += tag
          state = 'keep'
        } else {
          removed++
          state = 'drop'
        }
      } else if (/^<link[\s>/]/i.test(tag) && isScriptPreload(attributesOf(tag))) removed++
      else out += tag
      i = end
    }
    pending = ''
    return out
  }

  return {
    /** @param {string} chunk latin1 */
    push: (chunk) => run(pending + chunk, false),
    end: () => run(pending, true),
    /** How many scripts and script preloads were taken out so far. */
    removed: () => removed,
  }
}

/** The whole document at once (a page served from the cache). */
export function removeScripts(/** @type {string} */ html) {
  const filter = createScriptFilter()
  return filter.push(html) + filter.end()
}
