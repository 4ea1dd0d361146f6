// @ts-check
/** @type {(phase: string) => Promise<import('next').NextConfig>} */
module.exports = async () => {
  // Stop at startup, naming the variable, rather than failing on the first request.
  const {readEnv} = await import('./lib/env-schema.mjs')
  const env = readEnv()
  return {
    reactStrictMode: true,
    poweredByHeader: false,
    images: {
      // Hosted images are resized by Sanity's CDN; embedded ones by Next's own optimizer.
      ...(env.mode === 'hosted' ? {loader: 'custom', loaderFile: './lib/image-loader.ts'} : {}),
      localPatterns: [{pathname: '/media/**'}],
      remotePatterns: [{protocol: 'https', hostname: 'cdn.sanity.io'}],
      formats: ['image/avif', 'image/webp'],
    },
  }
}
