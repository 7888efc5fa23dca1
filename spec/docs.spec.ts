import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Every example in docs/ is compiled (tsconfig includes docs/examples) and run here, and each
 * code block that a guide includes must equal its file, so no example goes stale.
 */
const root = join(__dirname, '..')
const INCLUDE = /<!-- example: (docs\/examples\/[\w.-]+\.ts) -->\s*```ts\n([\s\S]*?)```/g

describe('docs examples', () => {
  const guides = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'))
  const included = new Set<string>()
  for (const guide of guides) {
    const text = readFileSync(join(root, 'docs', guide), 'utf8')
    for (const match of text.matchAll(INCLUDE)) {
      const [, file, block] = match as unknown as [string, string, string]
      included.add(file)
      it(`${guide} shows ${file} as it is`, () => {
        expect(block).toBe(readFileSync(join(root, file), 'utf8'))
      })
    }
  }

  const files = readdirSync(join(root, 'docs', 'examples')).filter((f) => f.endsWith('.ts'))
  it.each(files)('docs/examples/%s is shown in a guide', (file) => {
    expect(included.has(`docs/examples/${file}`)).toBe(true)
  })
  it.each(files)('docs/examples/%s runs and its assertions hold', async (file) => {
    const mod = (await import(join(root, 'docs', 'examples', file))) as { main: () => unknown }
    await mod.main()
  })
})
