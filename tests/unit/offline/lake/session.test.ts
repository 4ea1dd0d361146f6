import {localLakeSessionResponse} from '@/lib/offline/lake/session-route'

const request = (headers: Record<string, string>) => new Request('http://localhost:3000/api/local-lake', {headers})

describe('the local lake session endpoint', () => {
  it('refuses a host name that is not loopback (DNS rebinding) and cross-site requests', async () => {
    for (const host of ['evil.example', 'evil.example:3000', '192.168.1.20:3000', 'localhost.evil.example']) {
      const response = localLakeSessionResponse(request({host}))
      expect(response.status).toBe(403)
      expect(await response.text()).not.toMatch(/token/)
    }
    expect(localLakeSessionResponse(request({host: 'localhost:3000', 'sec-fetch-site': 'cross-site'})).status).toBe(403)
  })

  it('says how to turn the lake on when it is off, and is never cached', async () => {
    const response = localLakeSessionResponse(request({host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin'}))
    expect(response.status).toBe(404)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect((await response.json()).error).toMatch(/BROADSHEET_LOCAL_LAKE=1/)
  })
})
