// Mendoza patches (the History API's `effectFormat=mendoza`): the npm package only applies them, so this encodes them.
import {isDeepStrictEqual} from 'node:util'

// opcodes, in the order of the format's operation table (mendoza-js OPS)
const VALUE = 0
const PUSH_FIELD_COPY = 10
const PUSH_FIELD_BLANK = 11
const PUSH_ELEMENT_COPY = 12
const PUSH_ELEMENT_BLANK = 13
const RETURN_INTO_OBJECT_SAME_KEY_POP = 15
const RETURN_INTO_ARRAY_POP = 16
const OBJECT_SET_FIELD_VALUE = 17
const OBJECT_DELETE_FIELD = 19
const ARRAY_APPEND_VALUE = 20
const ARRAY_APPEND_SLICE = 21
const STRING_APPEND_STRING = 22
const STRING_APPEND_SLICE = 23

type Json = Record<string, unknown>
type Patch = unknown[]

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A patch that turns `left` into `right`. Objects are patched field by field, strings keep their common
 * prefix and suffix, arrays keep the items they share (by `_key`, else by position), so the Studio's
 * history attributes each change to the transaction that made it. Anything else is the whole value.
 */
export function mendozaPatch(left: unknown, right: unknown): Patch {
  if (isDeepStrictEqual(left, right)) return []
  if (isObject(left) && isObject(right)) return objectOps(left, right)
  return [VALUE, right]
}

/** Ops applied to a copy of `left` on top of the output stack. */
function objectOps(left: Json, right: Json): Patch {
  const ops: Patch = []
  // field indexes count the input object's keys in sorted order, as the decoder does
  const keys = Object.keys(left).sort()
  keys.forEach((key, index) => {
    if (!(key in right)) ops.push(OBJECT_DELETE_FIELD, index)
  })
  for (const [key, value] of Object.entries(right)) {
    const index = keys.indexOf(key)
    if (index < 0) ops.push(OBJECT_SET_FIELD_VALUE, value, key)
    else if (!isDeepStrictEqual(left[key], value)) {
      const nested = nestedOps(left[key], value, PUSH_FIELD_COPY, PUSH_FIELD_BLANK, index, RETURN_INTO_OBJECT_SAME_KEY_POP)
      ops.push(...(nested ?? [OBJECT_SET_FIELD_VALUE, value, key]))
    }
  }
  return ops
}

/** Ops that rebuild one field or element from the old one, or null when setting the new value is simpler. */
function nestedOps(left: unknown, right: unknown, pushCopy: number, pushBlank: number, index: number, back: number): Patch | null {
  if (isObject(left) && isObject(right)) return [pushCopy, index, ...objectOps(left, right), back]
  // a blank output stays null when nothing is appended, so an empty string or array is set instead
  if (typeof left === 'string' && typeof right === 'string' && right !== '') {
    const ops = stringOps(left, right)
    return ops ? [pushBlank, index, ...ops, back] : null
  }
  if (Array.isArray(left) && Array.isArray(right) && right.length > 0) {
    const ops = arrayOps(left, right)
    return ops ? [pushBlank, index, ...ops, back] : null
  }
  return null
}

/** Keeps the common prefix and suffix (slices count UTF-8 bytes) and appends the middle; null when nothing is shared. */
function stringOps(left: string, right: string): Patch | null {
  const prefix = commonPrefix(left, right)
  const suffix = commonSuffix(left, right, prefix)
  if (prefix + suffix === 0) return null
  const ops: Patch = []
  if (prefix) ops.push(STRING_APPEND_SLICE, 0, Buffer.byteLength(left.slice(0, prefix)))
  const middle = right.slice(prefix, right.length - suffix)
  if (middle) ops.push(STRING_APPEND_STRING, middle)
  if (suffix) {
    const total = Buffer.byteLength(left)
    ops.push(STRING_APPEND_SLICE, total - Buffer.byteLength(left.slice(left.length - suffix)), total)
  }
  return ops
}

// Prefix and suffix are counted in UTF-16 code units, never splitting a surrogate pair: the same whole characters as
// comparing code points, without an array of a long text's characters for each patch (what made a page of history cost
// the length of the text typed into it). A lone surrogate counts as a character of its own, as Array.from and mendoza-js
// count it.
const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff

/**
 * How many units `unitAt(a, i) === unitAt(b, i)` holds for from i = 0, at most `most`, found by comparing runs that
 * double while they match and halve when one does not: a shared text of n units costs about log n native comparisons
 * (`===` on slices), not a loop over its units (hand-written: nothing in the platform returns a common prefix).
 */
function sharedRun(most: number, same: (at: number, length: number) => boolean): number {
  let run = 0
  for (let step = 64; step >= 1; step >>= 1) {
    while (run + step <= most && same(run, step)) {
      run += step
      step *= 2
    }
  }
  return run
}

/** The code units the strings share at their start, ending on a character boundary in both. */
function commonPrefix(a: string, b: string): number {
  const prefix = sharedRun(Math.min(a.length, b.length), (at, n) => a.slice(at, at + n) === b.slice(at, at + n))
  // the last shared unit begins a pair in either string: that character differs
  const split = prefix > 0 && isHigh(a.charCodeAt(prefix - 1)) && (isLow(a.charCodeAt(prefix)) || isLow(b.charCodeAt(prefix)))
  return split ? prefix - 1 : prefix
}

/** The code units the strings share at their end, after `prefix`, starting on a character boundary in both. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const [la, lb] = [a.length, b.length]
  const suffix = sharedRun(Math.min(la, lb) - prefix, (at, n) => a.slice(la - at - n, la - at) === b.slice(lb - at - n, lb - at))
  // the first shared unit ends a pair in either string: that character differs
  const split =
    suffix > 0 && isLow(a.charCodeAt(la - suffix)) && (isHigh(a.charCodeAt(la - suffix - 1)) || isHigh(b.charCodeAt(lb - suffix - 1)))
  return split ? suffix - 1 : suffix
}

/** Builds the new array from slices of the old, patched items and new values; null when nothing is shared. */
function arrayOps(left: unknown[], right: unknown[]): Patch | null {
  const byKey = new Map<unknown, number>()
  left.forEach((item, index) => {
    if (isObject(item) && typeof item._key === 'string') byKey.set(item._key, index)
  })
  const ops: Patch = []
  let shared = false
  let slice: {at: number; end: number} | null = null
  right.forEach((item, index) => {
    const keyed = isObject(item) && typeof item._key === 'string'
    const from = keyed ? byKey.get(item._key) : index < left.length ? index : undefined
    if (from === undefined) {
      slice = null
      return void ops.push(ARRAY_APPEND_VALUE, item)
    }
    shared = true
    if (isDeepStrictEqual(left[from], item)) {
      // consecutive unchanged items become one slice
      if (slice && slice.end === from) ops[slice.at + 2] = slice.end = from + 1
      else {
        slice = {at: ops.length, end: from + 1}
        ops.push(ARRAY_APPEND_SLICE, from, from + 1)
      }
      return
    }
    slice = null
    ops.push(
      ...(nestedOps(left[from], item, PUSH_ELEMENT_COPY, PUSH_ELEMENT_BLANK, from, RETURN_INTO_ARRAY_POP) ?? [ARRAY_APPEND_VALUE, item]),
    )
  })
  return shared ? ops : null
}
