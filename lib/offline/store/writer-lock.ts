import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** Who writes a dataset file: the process holding its lock, and where to find it. */
export type Writer = {pid: number; hostname: string; port?: number; lakePort?: number; since: string}

/** What a server says about itself in the lock: its site's and its lake's port. */
export type WriterPorts = {port?: number; lakePort?: number}

/** Locks this process holds, by file, with how many stores share each (tests open several in one process). */
const held = new Map<string, number>()

/**
 * The holder touches its lock this often; a lock from another machine (a container before a restart, with its own host
 * name, on a bind mount) whose pid cannot be checked here is stale once untouched for STALE_AFTER_MS.
 */
const TOUCH_EVERY_MS = 10_000
const STALE_AFTER_MS = 60_000

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export const describeWriter = (writer: Writer) =>
  [
    `pid ${writer.pid}`,
    writer.hostname !== os.hostname() ? `on ${writer.hostname}` : '',
    writer.port ? `site port ${writer.port}` : '',
    writer.lakePort ? `lake port ${writer.lakePort}` : '',
    `since ${writer.since}`,
  ]
    .filter(Boolean)
    .join(', ')

/**
 * One writer per dataset file, across processes: a lock file beside the log, created exclusively (O_EXCL, on every
 * OS) and naming its process. A lock whose process is gone (killed, crashed) on this machine is stale and taken
 * over. Hand-written: the lockfile packages on npm lock by mtime and polling, not by the holder's pid, and would
 * let a paused writer's lock expire while it still writes.
 */
export class WriterLock {
  readonly file: string
  private mine = false
  private toucher?: NodeJS.Timeout

  constructor(
    logDir: string,
    base: string,
    private readonly ports: WriterPorts = {},
  ) {
    this.file = path.join(logDir, `${base}.writer.json`)
  }

  get held() {
    return this.mine
  }

  /** Takes the lock when it is free, stale or already this process's; otherwise returns who holds it. */
  acquire(): Writer | null {
    if (this.mine) return null
    fs.mkdirSync(path.dirname(this.file), {recursive: true})
    for (let attempt = 0; attempt < 3; attempt++) {
      const me: Writer = {pid: process.pid, hostname: os.hostname(), ...this.ports, since: new Date().toISOString()}
      try {
        const fd = fs.openSync(this.file, 'wx')
        try {
          fs.writeSync(fd, JSON.stringify(me))
          fs.fsyncSync(fd)
        } finally {
          fs.closeSync(fd)
        }
        return this.take()
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const text = readText(this.file)
      if (text === undefined) continue
      const holder = parse(text)
      // created an instant ago and not written yet: its creator holds it
      if (!holder) return {pid: 0, hostname: '?', since: 'now'}
      if (holder.pid === process.pid && holder.hostname === os.hostname()) return this.take()
      const live = holder.hostname === os.hostname() ? isAlive(holder.pid) : Date.now() - mtimeOf(this.file) < STALE_AFTER_MS
      if (live) return holder
      // stale: removed only if it is still the same lock (another process may have taken it over meanwhile)
      if (readText(this.file) === text) fs.rmSync(this.file, {force: true})
    }
    return parse(readText(this.file) ?? '') ?? {pid: 0, hostname: '?', since: 'now'}
  }

  /** Who holds the lock now, if anyone. */
  holder(): Writer | undefined {
    return parse(readText(this.file) ?? '') ?? undefined
  }

  release(): void {
    if (!this.mine) return
    this.mine = false
    clearInterval(this.toucher)
    const count = (held.get(this.file) ?? 1) - 1
    if (count > 0) return void held.set(this.file, count)
    held.delete(this.file)
    if (parse(readText(this.file) ?? '')?.pid === process.pid) fs.rmSync(this.file, {force: true})
  }

  private take(): null {
    this.mine = true
    this.toucher = setInterval(() => {
      const now = new Date()
      try {
        fs.utimesSync(this.file, now, now)
      } catch {
        // gone (removed by hand): the next acquire by anyone creates it again
      }
    }, TOUCH_EVERY_MS)
    this.toucher.unref?.()
    held.set(this.file, (held.get(this.file) ?? 0) + 1)
    return null
  }
}

// a process that ends without closing its store (Ctrl-C, an uncaught error) leaves no lock behind
process.once('exit', () => {
  for (const file of held.keys()) {
    try {
      if (parse(readText(file) ?? '')?.pid === process.pid) fs.rmSync(file, {force: true})
    } catch {
      // a lock left behind is stale, and the next writer takes it over
    }
  }
})

function mtimeOf(file: string): number {
  try {
    return fs.statSync(file).mtimeMs
  } catch {
    return 0
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function parse(text: string): Writer | null {
  try {
    const writer = JSON.parse(text)
    return typeof writer?.pid === 'number' && typeof writer?.hostname === 'string' ? writer : null
  } catch {
    return null
  }
}
