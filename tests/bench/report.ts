import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const FILE = path.join(__dirname, '../../BENCHMARKS.md')

/** Replaces the section between `<!-- bench:NAME -->` markers in BENCHMARKS.md with fresh figures. */
export function writeBenchmarkSection(name: string, body: string, extra: Record<string, unknown> = {}) {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`
  const stamp = `_Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; ${Object.entries(extra)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}._`
  const section = `<!-- bench:${name} -->\n${stamp}\n\n${body}\n<!-- /bench:${name} -->`
  const current = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '# Benchmarks\n'
  const pattern = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`)
  fs.writeFileSync(FILE, pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`)
}
