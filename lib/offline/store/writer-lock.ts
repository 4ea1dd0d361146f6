import {randomUUID} from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** Who writes a dataset file: the process holding its lock, and where to find it. */
export type Writer = {pid: number; hostname: string; port?: number; lakePort?: number; since: string; /** this lock's own id */ id?: string}

/** What a server says about itself in the lock: its site's and its lake's port. */
export type WriterPorts = {port?: number; lakePort?: number}

/** Locks this process holds, by file: the lock's id and how many stores share it (tests open several in one process). */
const held = new Map<string, {id: string | undefined; count: number}>()
/** A lock just created and not yet written: its creator holds it. */
const UNWRITTEN: Writer = {pid: 0, hostname: '?', since: 'now'}

/** Whether the lock in `file` is the one with `id` (a pid alone may be another container's, or reused). */
const isLock = (file: string, id: string | undefined) => {
  const holder = parse(readText(file) ?? '')
  return holder !== null && holder.pid === process.pid && holder.id === id
}

/**
 * The holder touches its lock this often. On this machine a lock is stale when its pid is gone (a writer paused in a
 * debugger or with Ctrl-Z keeps it); one from another machine (a container before a restart, on a bind mount), whose
 * pid cannot be checked here, is stale once untouched for STALE_AFTER_MS.
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
  private id?: string
  private toucher?: NodeJS.Timeout
  /** Called when this process finds it no longer holds the lock it took. */
  onLost?: () => void

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
      const me = this.record(new Date(), randomUUID())
      try {
        const fd = fs.openSync(this.file, 'wx')
        try {
          fs.writeSync(fd, JSON.stringify(me))
          fs.fsyncSync(fd)
        } finally {
          fs.closeSync(fd)
        }
        return this.take(me.id)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const text = readText(this.file)
      if (text === undefined) continue
      const holder = parse(text)
      const fresh = Date.now() - mtimeOf(this.file) < STALE_AFTER_MS
      const sameHost = holder?.hostname === os.hostname()
      // unwritten: created an instant ago (its creator holds it), or left empty by a crash (stale after a few seconds)
      if (!holder) {
        if (Date.now() - mtimeOf(this.file) < 5_000) return UNWRITTEN
      } else {
        if (sameHost && holder.pid === process.pid) return this.take(holder.id)
        if (sameHost ? isAlive(holder.pid) : fresh) return holder
      }
      this.removeStale(text)
    }
    return parse(readText(this.file) ?? '') ?? UNWRITTEN
  }

  /**
   * Removes a stale lock, and only that one: it is renamed aside first (atomic), so a lock another process has just
   * created in its place is never deleted; if the one renamed aside is not the stale one, it is put back.
   */
  private removeStale(text: string): void {
    const aside = `${this.file}.stale-${process.pid}`
    try {
      fs.renameSync(this.file, aside)
    } catch {
      return
    }
    if (readText(aside) !== text) {
      try {
        fs.linkSync(aside, this.file)
      } catch {
        // a third process holds the name now; the one renamed aside lost its race anyway
      }
    }
    fs.rmSync(aside, {force: true})
  }

  /** What this process writes in its lock. */
  private record(since: Date, id: string | undefined): Writer {
    return {pid: process.pid, hostname: os.hostname(), ...this.ports, since: since.toISOString(), id}
  }

  release(): void {
    if (!this.mine) return
    this.mine = false
    clearInterval(this.toucher)
    const shared = held.get(this.file)
    if (shared && --shared.count > 0) return
    held.delete(this.file)
    if (isLock(this.file, this.id)) fs.rmSync(this.file, {force: true})
  }

  private take(id: string | undefined): null {
    this.mine = true
    this.id = id
    this.toucher = setInterval(() => {
      const now = new Date()
      try {
        const text = readText(this.file)
        // removed by hand (or its folder with it): written again where it can be, as nothing else holds it
        if (text === undefined) return void fs.writeFileSync(this.file, JSON.stringify(this.record(now, this.id)), {flag: 'wx'})
        if (!isLock(this.file, this.id)) throw new Error('the lock names another process')
        fs.utimesSync(this.file, now, now)
      } catch (error) {
        if (['ENOENT', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) return
        // taken over (this process was paused past STALE_AFTER_MS) or removed by hand: stop writing
        this.mine = false
        clearInterval(this.toucher)
        held.delete(this.file)
        console.error(`[store] lost the writer lock ${this.file} (${(error as Error).message}): this server no longer writes`)
        this.onLost?.()
      }
    }, TOUCH_EVERY_MS)
    this.toucher.unref?.()
    const shared = held.get(this.file)
    if (shared) shared.count++
    else held.set(this.file, {id, count: 1})
    return null
  }
}

// a process that ends without closing its store (Ctrl-C, an uncaught error) leaves no lock behind
process.once('exit', () => {
  for (const [file, {id}] of held) {
    try {
      if (isLock(file, id)) fs.rmSync(file, {force: true})
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
