// Whether `npm start` puts a layer in front of Next, so a bench can measure that layer's cost in the same run.
// The server itself comes from tests/support/production-server.ts, which starts what `npm start` starts.
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')

/** True when `npm start` is more than `next start`: a layer in front of Next worth measuring. */
export function startIsWrapped(): boolean {
  const start = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts?.start ?? ''
  return !/^next start\b/.test(start.trim())
}
