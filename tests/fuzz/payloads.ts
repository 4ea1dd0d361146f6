/** Hostile values the fuzz generator writes into documents. */

/** About 1 MB of text: words, so search tokenizes it, and no markup. */
export const ONE_MB = 'lorem ipsum dolor sit amet '.repeat(Math.ceil((1024 * 1024) / 27)).slice(0, 1024 * 1024)

/** Markup that would execute if any of it reached the page unescaped. Each one calls alert(1). */
export const XSS_STRINGS = [
  '</script><script>alert(1)</script>',
  '</SCRIPT ><script type="text/javascript">alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'><iframe srcdoc='<script>alert(1)</script>'></iframe>",
  '<!--</script><script>alert(1)//-->',
  '<a href="javascript:alert(1)">click</a>',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '{{constructor.constructor("alert(1)")()}}',
  '\u2028</script><script>alert(1)</script>\u2029',
  ']]><script>alert(1)</script><![CDATA[',
] as const

/** Right-to-left text, bidi overrides, emoji and other text that is valid but awkward. */
export const AWKWARD_STRINGS = [
  'مرحبا بالعالم، هذه قصة عن الخصوصية',
  'שלום עולם, זה סיפור על פרטיות',
  '\u202Egnp.exe\u202C harmless.txt',
  '\u202B\u05E9\u05DC\u05D5\u05DD\u202C mixed \u202Dltr\u202C',
  '👩‍👩‍👧‍👦🏳️‍🌈🇺🇳 emoji 🔥💯🧑🏽‍💻',
  'Z̴̡̢̛̖̗̘̙̜̝̞̟̠̣̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼ͅa̷l̶g̴o̵',
  '\uFEFFbom\u200B\u200C\u200Dzero-width\u2060',
  'control \u0000\u0001\u0008\u000B\u000C\u001F\u007F chars',
  'lone surrogates \uD800 and \uDFFF',
  'non-characters \uFFFE\uFFFF',
  '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x3C;b&#x3E;',
  '   ',
  '',
  'a'.repeat(5000),
] as const

/** Links a browser would run or render as a document: none may reach an href, src or cite. */
export const HOSTILE_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '\u0000javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'javascript&colon;alert(1)',
  '&#106;avascript:alert(1)',
  'javascript://%0Aalert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:text/html,<script>alert(1)</script>',
  'DATA:image/svg+xml,<svg onload=alert(1)>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  '//evil.example/phish',
  'https://example.com/"><script>alert(1)</script>',
  'https://exa mple.com/<svg/onload=alert(1)>',
] as const

/** Strings that look like dates to a person but not to the schema (or not to the Date parser). */
export const ODD_DATES = [
  'not a date',
  '2026-02-30T00:00:00Z',
  '2026-11-20T24:00:00Z',
  '2026-11-20T14:30:00+05',
  '2026-11-20',
  '2026-11-20T14:30:00.123456789Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59+14:00',
  '+275760-09-13T00:00:00Z',
  '1e999',
] as const

/** Names that exist on every JavaScript object: a lookup table indexed by untrusted text must not find them. */
export const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'] as const

/** Image-asset LQIPs that are not a small data: image. next/image interpolates them into CSS. */
export const HOSTILE_LQIPS = [
  'javascript:alert(1)',
  `x'/%3E%3Cscript%3Ealert(1)%3C/script%3E`,
  '"); background-image: url("https://evil.example/track',
  'data:text/html,<script>alert(1)</script>',
] as const

/** A value nested `depth` levels deep: objects, arrays, or block-shaped objects. */
export function deeplyNested(depth: number, shape: 'object' | 'array' | 'block'): unknown {
  let value: unknown = shape === 'block' ? {_type: 'span', _key: 'deep', text: 'bottom', marks: []} : 'bottom'
  for (let i = 0; i < depth; i++) {
    if (shape === 'object') value = {a: value}
    else if (shape === 'array') value = [value]
    else value = {_type: 'block', _key: `deep${i}`, style: 'normal', markDefs: [], children: [value]}
  }
  return value
}
