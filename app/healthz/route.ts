// A health check for load balancers, and the cheapest page this server can serve (the load
// benchmark's framework floor).
export const dynamic = 'force-static'

export function GET() {
  return new Response('ok\n', {headers: {'Content-Type': 'text/plain; charset=utf-8'}})
}
