import {internalRevalidationToken} from '@/lib/site/revalidation/internal'
import {handleRevalidation} from '@/lib/site/revalidation/route'

const internal = (body: string, token = internalRevalidationToken()) =>
  handleRevalidation(
    new Request('http://localhost/api/revalidate', {
      method: 'POST',
      headers: {'content-type': 'application/json', 'x-broadsheet-revalidate': token},
      body,
    }),
  )

describe('POST /api/revalidate from this server’s own dataset watcher', () => {
  it('answers a list of tags with the tags it expired', async () => {
    // an empty list: revalidateTag itself needs a request scope Next provides only in a running server
    const response = await internal(JSON.stringify({tags: []}))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({revalidated: []})
  })

  it('refuses a wrong token before reading the body', async () => {
    expect((await internal('not json', 'not-the-token')).status).toBe(401)
  })

  it.each([
    ['not JSON', '{"tags": ['],
    ['empty', ''],
    ['JSON null', 'null'],
    ['without tags', '{}'],
    ['with tags as a string', '{"tags": "home"}'],
    ['with tags that are not strings', '{"tags": ["home", 7]}'],
    ['an array', '["home"]'],
    ['asking for everything without true', '{"everything": "yes"}'],
  ])('answers a body that is %s with 400', async (_label, body) => {
    const response = await internal(body)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({error: expect.stringContaining('tags')})
  })
})
