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
  const a = Array.from(left)
  const b = Array.from(right)
  let prefix = 0
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++
  let suffix = 0
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++
  if (prefix + suffix === 0) return null
  const bytes = (chars: string[]) => Buffer.byteLength(chars.join(''))
  const ops: Patch = []
  if (prefix) ops.push(STRING_APPEND_SLICE, 0, bytes(a.slice(0, prefix)))
  const middle = b.slice(prefix, b.length - suffix).join('')
  if (middle) ops.push(STRING_APPEND_STRING, middle)
  if (suffix) {
    const total = Buffer.byteLength(left)
    ops.push(STRING_APPEND_SLICE, total - bytes(a.slice(a.length - suffix)), total)
  }
  return ops
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
