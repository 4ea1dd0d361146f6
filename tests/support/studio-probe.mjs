// Manual probe (not a test): opens the Studio of a running server and takes screenshots.
import {chromium} from 'playwright-core'
const base = process.argv[2] ?? 'http://localhost:3000'
const browser = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu']})
const page = await browser.newPage({viewport: {width: 1400, height: 900}})
page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('Failed to load resource')) console.log('console:', m.text().slice(0, 300)) })
page.on('pageerror', (e) => console.log('pageerror:', e.message.slice(0, 300)))
page.on('requestfailed', (r) => console.log('failed:', r.url().slice(0, 200), r.failure()?.errorText))
page.on('response', (r) => { if (r.status() >= 400) console.log('status', r.status(), r.url().slice(0, 200)) })
await page.goto(`${base}/studio`, {waitUntil: 'domcontentloaded', timeout: 180000})
await page.waitForTimeout(8000)
await page.screenshot({path: '/tmp/studio-1.png'})
await page.goto(`${base}/studio/structure/articles;all;article-raspberry-pi-5`, {waitUntil: 'domcontentloaded'})
await page.waitForTimeout(8000)
await page.screenshot({path: '/tmp/studio-2.png'})
await browser.close()
