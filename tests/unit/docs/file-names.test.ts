// One convention for file names (README: "Architecture"): kebab-case modules, PascalCase React components.
import path from 'node:path'
import {SOURCE, tree} from '../../support/tree'

const MODULE = /^[a-z0-9]+(-[a-z0-9]+)*(\.test|\.d)?\.(ts|tsx|mjs|js)$/
const COMPONENT = /^[A-Z][A-Za-z0-9]*(\.test)?\.tsx$/

describe('file names', () => {
  it('are kebab-case, or PascalCase for a React component, in lib/, sanity/, components/ and tests/', () => {
    const files = ['lib', 'sanity', 'components', 'tests'].flatMap((dir) => tree(dir).files.filter((file) => SOURCE.test(file)))
    expect(files.length).toBeGreaterThan(200)
    const odd = files.filter((file) => !MODULE.test(path.basename(file)) && !COMPONENT.test(path.basename(file)))
    expect(odd.map((file) => `${file}: rename it in kebab-case (or PascalCase.tsx for a component)`)).toEqual([])
  })
})
