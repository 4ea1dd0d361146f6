// The GROQ side of a request, shared by queries and listeners: `$name` parameters, and parse errors as 400.
import {parse} from 'groq-js'
import type {Json} from './http'
import {LakeError} from './transaction'

/** The `$name=<json>` query parameters of a GET query or listen request. */
export function queryParams(url: URL): Json {
  const params: Json = {}
  for (const [key, value] of url.searchParams) {
    if (!key.startsWith('$')) continue
    try {
      params[key.slice(1)] = JSON.parse(value)
    } catch {
      throw new LakeError(400, `Parameter ${key} is not valid JSON`)
    }
  }
  return params
}

export const invalidQuery = (error: unknown) => new LakeError(400, `Invalid GROQ query: ${(error as Error).message}`, 'queryParseError')

export function parseOrThrow(groq: string, params: Json) {
  try {
    return parse(groq, {params})
  } catch (error) {
    throw invalidQuery(error)
  }
}
