/**
 * Prettier over the files that `npm run format:check` lists (those already formatted with the
 * project's .prettierrc.json), so that `npm test` keeps them formatted. Add paths to that script as
 * more of the code base is formatted. (Prettier runs as a child process: its API loads ES modules,
 * which jest's CommonJS sandbox cannot.)
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const exec = promisify(execFile)
const root = resolve(__dirname, '../..')

describe('prettier', () => {
  it('finds the files of npm run format:check formatted', async () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
    const [command, ...args] = (scripts['format:check'] ?? '').split(/\s+/).filter((word) => word !== '')
    expect(command).toBe('prettier')
    expect(args[0]).toBe('--check')
    expect(args.length).toBeGreaterThan(1)
    const prettier = join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs')
    const result = await exec(process.execPath, [prettier, ...args], { cwd: root }).then(
      () => 'formatted',
      (error: unknown) => {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string }
        return `${stdout ?? ''}${stderr ?? ''}`
      },
    )
    expect(result).toBe('formatted')
  }, 30_000)
})
