// Node's zlib functions, wrapped in place for one test: they are read-only but configurable, so they are defined
// again (not assigned, not spied on), and everything that calls them through the module (our code, `compression`)
// calls the wrapper. For counting real compressors, and for making real zlib fail where nothing else can.
import zlib from 'node:zlib'

type ZlibFunction = 'createGzip' | 'createBrotliCompress' | 'createDeflate' | 'gzip' | 'brotliCompress'

const restores: (() => void)[] = []

/** Replaces `zlib[name]` with `wrap(original)` until `restoreZlib()`. */
export function wrapZlib<K extends ZlibFunction>(name: K, wrap: (original: (typeof zlib)[K]) => (typeof zlib)[K]): void {
  const descriptor = Object.getOwnPropertyDescriptor(zlib, name)!
  Object.defineProperty(zlib, name, {...descriptor, value: wrap(descriptor.value)})
  restores.push(() => Object.defineProperty(zlib, name, descriptor))
}

/** Puts back every function wrapped since the last call, the last wrapped first; for afterEach. */
export const restoreZlib = () =>
  restores
    .splice(0)
    .reverse()
    .forEach((restore) => restore())
