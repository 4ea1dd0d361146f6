import {EnvError, readEnv} from '@/lib/site/env'

const HOSTED = {
  NEXT_PUBLIC_SANITY_PROJECT_ID: 'abc123xy',
  NEXT_PUBLIC_SANITY_DATASET: 'production',
  SANITY_API_READ_TOKEN: 'skAbcdefghijklmnopqrstuvwxyz0123456789',
  NEXT_PUBLIC_SITE_URL: 'https://broadsheet.example/',
  SANITY_PREVIEW_SECRET: 'a-long-enough-preview-secret',
}

/** The EnvError readEnv throws for this environment. */
function errorFor(source: Record<string, string | undefined>): EnvError {
  try {
    readEnv(source)
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError)
    return error as EnvError
  }
  throw new Error('expected readEnv to throw')
}

describe('readEnv', () => {
  it('with nothing set, runs embedded on the demo dataset with defaults', () => {
    expect(readEnv({})).toEqual({
      mode: 'embedded',
      projectId: undefined,
      dataset: 'production',
      readToken: undefined,
      apiHost: undefined,
      apiVersion: '2025-10-01',
      datasetFile: 'sanity/demo/dataset.ndjson',
      distDir: '.next',
      buildTypecheck: true,
      siteUrl: 'http://localhost:3000',
      previewSecret: undefined,
      localLake: {enabled: false, port: 3333, token: undefined},
    })
  })

  it('runs the local Content Lake in development, and in production only when asked', () => {
    expect(readEnv({NODE_ENV: 'development'}).localLake.enabled).toBe(true)
    expect(readEnv({NODE_ENV: 'development', BROADSHEET_LOCAL_LAKE: '0'}).localLake.enabled).toBe(false)
    expect(readEnv({NODE_ENV: 'production'}).localLake.enabled).toBe(false)
    expect(readEnv({NODE_ENV: 'production', BROADSHEET_LOCAL_LAKE: '1', BROADSHEET_LAKE_PORT: '4444'}).localLake).toMatchObject({
      enabled: true,
      port: 4444,
    })
    expect(readEnv({...HOSTED, NODE_ENV: 'development'}).localLake.enabled).toBe(false)
    expect(() => readEnv({...HOSTED, BROADSHEET_LOCAL_LAKE: '1'})).toThrow(/BROADSHEET_LOCAL_LAKE is for the embedded dataset only/)
    expect(() => readEnv({BROADSHEET_LAKE_PORT: '80'})).toThrow(/BROADSHEET_LAKE_PORT must be a port number, 1024–65535/)
    expect(() => readEnv({BROADSHEET_LAKE_TOKEN: 'short'})).toThrow(/BROADSHEET_LAKE_TOKEN must be 32\+/)
  })

  it("reads the health probe's port: none by default, and never the site's or the lake's", () => {
    expect(readEnv({}).healthPort).toBeUndefined()
    expect(readEnv({BROADSHEET_HEALTH_PORT: '  '}).healthPort).toBeUndefined()
    expect(readEnv({PORT: '3000', BROADSHEET_HEALTH_PORT: '9090'}).healthPort).toBe(9090)
    // decimal digits only: Number() would take a hex, an exponent or padding, and a typo would pass as a port
    for (const bad of ['80', '65536', '9090.5', 'health', '-1', '0x2328', '9e3', ' 9000', '123456'])
      expect(errorFor({BROADSHEET_HEALTH_PORT: bad}).message).toMatch(/^\s+BROADSHEET_HEALTH_PORT must be a port number, 1024–65535$/m)
    expect(errorFor({PORT: '3000', BROADSHEET_HEALTH_PORT: '3000'}).message).toMatch(
      /BROADSHEET_HEALTH_PORT must differ from the site's port \(3000, from PORT or npm start -p\)/,
    )
    // the site's port as npm start sets it (-p abc gives NaN): named, where it was a RangeError from listen before
    expect(readEnv({PORT: '0'}).healthPort).toBeUndefined()
    for (const bad of ['NaN', '65536', 'abc'])
      expect(errorFor({PORT: bad}).message).toMatch(/^\s+PORT must be a port number, 0–65535 \(PORT, or npm start -p\)$/m)
    // the lake's port counts only where the lake runs: its default, or the one set
    const lake = {NODE_ENV: 'production', BROADSHEET_LOCAL_LAKE: '1'}
    expect(errorFor({...lake, BROADSHEET_HEALTH_PORT: '3333'}).message).toMatch(
      /BROADSHEET_HEALTH_PORT must differ from BROADSHEET_LAKE_PORT \(3333/,
    )
    expect(errorFor({...lake, BROADSHEET_LAKE_PORT: '4444', BROADSHEET_HEALTH_PORT: '4444'}).message).toContain(
      'BROADSHEET_LAKE_PORT (4444',
    )
    expect(readEnv({...lake, BROADSHEET_LAKE_PORT: '4444', BROADSHEET_HEALTH_PORT: '3333'}).healthPort).toBe(3333)
    expect(readEnv({BROADSHEET_HEALTH_PORT: '3333'}).healthPort).toBe(3333)
  })

  it('treats blank variables as unset', () => {
    expect(readEnv({NEXT_PUBLIC_SANITY_PROJECT_ID: '', NEXT_PUBLIC_SANITY_DATASET: '  ', NEXT_PUBLIC_SITE_URL: ''})).toMatchObject({
      mode: 'embedded',
      siteUrl: 'http://localhost:3000',
    })
  })

  it('reads another build folder, and refuses a path out of the project', () => {
    expect(readEnv({BROADSHEET_DIST_DIR: '.next-test-4000'}).distDir).toBe('.next-test-4000')
    for (const outside of ['../elsewhere', '/tmp/build', 'a/b'])
      expect(errorFor({BROADSHEET_DIST_DIR: outside}).message).toMatch(/BROADSHEET_DIST_DIR must be a folder name in the project/)
  })

  it('reads another embedded dataset file', () => {
    expect(readEnv({BROADSHEET_DATASET_FILE: 'tmp/big.ndjson'}).datasetFile).toBe('tmp/big.ndjson')
    expect(errorFor({BROADSHEET_DATASET_FILE: 'tmp/big.json'}).message).toContain('BROADSHEET_DATASET_FILE')
  })

  it('with a full hosted environment, runs hosted', () => {
    expect(readEnv(HOSTED)).toEqual({
      mode: 'hosted',
      projectId: 'abc123xy',
      dataset: 'production',
      readToken: HOSTED.SANITY_API_READ_TOKEN,
      apiHost: undefined,
      apiVersion: '2025-10-01',
      datasetFile: 'sanity/demo/dataset.ndjson',
      distDir: '.next',
      buildTypecheck: true,
      siteUrl: 'https://broadsheet.example',
      previewSecret: HOSTED.SANITY_PREVIEW_SECRET,
      localLake: {enabled: false, port: 3333, token: undefined},
    })
  })

  it('a project id without a dataset is an EnvError naming NEXT_PUBLIC_SANITY_DATASET', () => {
    const error = errorFor({NEXT_PUBLIC_SANITY_PROJECT_ID: 'abc123xy'})
    expect(error.name).toBe('EnvError')
    expect(error.message).toContain('NEXT_PUBLIC_SANITY_DATASET')
    expect(error.message).toContain('is required when NEXT_PUBLIC_SANITY_PROJECT_ID is set')
  })

  it('a dataset without a project id names NEXT_PUBLIC_SANITY_PROJECT_ID', () => {
    expect(errorFor({NEXT_PUBLIC_SANITY_DATASET: 'production'}).message).toMatch(/^\s+NEXT_PUBLIC_SANITY_PROJECT_ID is required/m)
  })

  it.each(['ABC123', 'my project', 'abc_123', '-abc'])('a bad project id (%j) names NEXT_PUBLIC_SANITY_PROJECT_ID', (projectId) => {
    const error = errorFor({...HOSTED, NEXT_PUBLIC_SANITY_PROJECT_ID: projectId})
    expect(error.message).toMatch(/NEXT_PUBLIC_SANITY_PROJECT_ID must be a Sanity project id/)
    expect(error.message).not.toContain('NEXT_PUBLIC_SANITY_DATASET')
  })

  it('a bad dataset name names NEXT_PUBLIC_SANITY_DATASET', () => {
    expect(errorFor({...HOSTED, NEXT_PUBLIC_SANITY_DATASET: 'Production'}).message).toMatch(
      /NEXT_PUBLIC_SANITY_DATASET must be a dataset name/,
    )
  })

  it.each(['broadsheet.example', '/relative', 'ftp://broadsheet.example', 'javascript:alert(1)'])(
    'a bad NEXT_PUBLIC_SITE_URL (%j) is named',
    (url) => {
      expect(errorFor({NEXT_PUBLIC_SITE_URL: url}).message).toMatch(/NEXT_PUBLIC_SITE_URL must be an absolute http\(s\) URL/)
    },
  )

  it('names every bad variable at once', () => {
    const error = errorFor({
      NEXT_PUBLIC_SANITY_PROJECT_ID: 'Bad Id',
      NEXT_PUBLIC_SANITY_DATASET: 'production',
      NEXT_PUBLIC_SITE_URL: 'nope',
      SANITY_API_READ_TOKEN: 'short',
    })
    for (const name of ['NEXT_PUBLIC_SANITY_PROJECT_ID', 'NEXT_PUBLIC_SITE_URL', 'SANITY_API_READ_TOKEN']) {
      expect(error.message).toContain(name)
    }
  })

  it('never echoes a secret value in its message', () => {
    const error = errorFor({...HOSTED, SANITY_API_READ_TOKEN: 'short-secret', SANITY_PREVIEW_SECRET: 'tiny'})
    expect(error.message).toContain('SANITY_API_READ_TOKEN')
    expect(error.message).toContain('SANITY_PREVIEW_SECRET')
    expect(error.message).not.toContain('short-secret')
    expect(error.message).not.toContain('tiny')
  })
})
