/**
 * The package as users get it: `npm run build`, `npm pack`, the tarball installed into a fresh
 * project, then `require`, `import` and TypeScript consumers (`tsc --strict` under
 * `moduleResolution: node16` and `bundler`) against it. The dependencies and peers (rxjs, io-ts,
 * fp-ts, the NATS client, prom-client, ...) are linked from this repository's node_modules and the
 * install runs with `--offline`, so the test needs no network.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cjsConsumer, esmConsumer, linked, modules, root, run, tsc, tsConsumer, tsconfig } from './packHelpers'

describe('the packed package', () => {
  let work = ''
  let project = ''
  let files: string[] = []
  let tarball = ''

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'event-bus-pack-'))
    await run('npm', ['run', 'build'], root)
    const packed = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', work], root)) as { filename: string; files: { path: string }[] }[]
    tarball = join(work, packed[0].filename)
    files = packed[0].files.map((f) => f.path)

    project = join(work, 'consumer')
    await mkdir(project)
    const dependencies: Record<string, string> = {}
    for (const name of linked) dependencies[name] = `file:${join(modules, name)}`
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }, null, 2))
    const install = ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock']
    // The linked packages first, then the tarball: npm 11 cannot place a package whose peers are
    // links it has not placed yet ("Cannot read properties of null (reading 'matches')").
    await run('npm', install, project)
    await run('npm', [...install, tarball], project)

    await writeFile(join(project, 'consumer.cjs'), cjsConsumer)
    await writeFile(join(project, 'consumer.mjs'), esmConsumer)
    await writeFile(join(project, 'consumer.cts'), tsConsumer)
    await writeFile(join(project, 'consumer.mts'), tsConsumer)
    await writeFile(join(project, 'consumer.ts'), tsConsumer)
    await writeFile(
      join(project, 'tsconfig.node16.json'),
      tsconfig({ module: 'node16', moduleResolution: 'node16', types: ['node'] }, ['consumer.cts', 'consumer.mts']),
    )
    await writeFile(
      join(project, 'tsconfig.bundler.json'),
      tsconfig({ module: 'preserve', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'] }, ['consumer.ts']),
    )
  }, 150_000)

  afterAll(async () => {
    if (work !== '') await rm(work, { recursive: true, force: true })
  })

  it('ships the builds, their declarations, README and CHANGELOG, and no sources or specs', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'CHANGELOG.md',
        'dist/cjs/index.js',
        'dist/cjs/index.d.ts',
        'dist/cjs/testing/index.js',
        'dist/cjs/testing/index.d.ts',
        'dist/cjs/nats/index.js',
        'dist/cjs/nats/index.d.ts',
        'dist/esm/index.mjs',
        'dist/esm/index.d.mts',
        'dist/esm/testing/index.mjs',
        'dist/esm/testing/index.d.mts',
        'dist/esm/nats/index.mjs',
        'dist/esm/nats/index.d.mts',
        'dist/cjs/prometheus/index.js',
        'dist/cjs/prometheus/index.d.ts',
        'dist/esm/prometheus/index.mjs',
        'dist/esm/prometheus/index.d.mts',
        'dist/cjs/otel/index.js',
        'dist/cjs/otel/index.d.ts',
        'dist/esm/otel/index.mjs',
        'dist/esm/otel/index.d.mts',
      ]),
    )
    const unexpected = files.filter((f) => !/^(dist\/(cjs|esm)\/.+|package\.json|README\.md|CHANGELOG\.md|LICENSE(\.md)?)$/.test(f))
    expect(unexpected).toEqual([])
  })

  it('declares the exports map, sideEffects: false and the peers', async () => {
    const manifest = JSON.parse(await readFile(join(project, 'node_modules/@torematrix/event-bus/package.json'), 'utf8')) as Record<string, unknown>
    expect(manifest['sideEffects']).toBe(false)
    expect(Object.keys(manifest['exports'] as object)).toEqual(['.', './testing', './nats', './inspector', './prometheus', './otel', './package.json'])
    expect(Object.keys(manifest['dependencies'] as object)).not.toContain('hdr-histogram-js')
    expect(Object.keys(manifest['peerDependencies'] as object).sort()).toEqual(expect.arrayContaining(['fp-ts', 'io-ts', 'rxjs']))
  })

  const expected = {
    seen: ['Ada'],
    handled: 1,
    total: 1,
    sameClass: true,
    natsTransport: 'function',
    errorName: 'BusNotStartedError',
    scraped: 'eventbus_events_processed_total{event_type="user.account.created"} 1',
  }

  it('works with require() (CommonJS)', async () => {
    expect(JSON.parse(await run(process.execPath, ['consumer.cjs'], project))).toEqual({ ...expected, legacy: 'loaded' })
  }, 30_000)

  it('works with import (ESM)', async () => {
    expect(JSON.parse(await run(process.execPath, ['consumer.mjs'], project))).toEqual({ ...expected, legacy: 'points to ./prometheus' })
  }, 30_000)

  it('resolves each entry to the right file for each module system', async () => {
    const script = `
      const entries = ['@torematrix/event-bus', '@torematrix/event-bus/testing', '@torematrix/event-bus/nats', '@torematrix/event-bus/prometheus', '@torematrix/event-bus/otel']
      const rel = (p) => p.slice(p.indexOf('/dist/') + 1)
      console.log(JSON.stringify({ require: entries.map((e) => rel(require.resolve(e))), import: entries.map((e) => rel(new URL(import.meta.resolve(e)).pathname)) }))`
    await writeFile(join(project, 'resolve.mjs'), `import { createRequire } from 'node:module'\nconst require = createRequire(import.meta.url)\n${script}`)
    expect(JSON.parse(await run(process.execPath, ['resolve.mjs'], project))).toEqual({
      require: ['dist/cjs/index.js', 'dist/cjs/testing/index.js', 'dist/cjs/nats/index.js', 'dist/cjs/prometheus/index.js', 'dist/cjs/otel/index.js'],
      import: ['dist/esm/index.mjs', 'dist/esm/testing/index.mjs', 'dist/esm/nats/index.mjs', 'dist/esm/prometheus/index.mjs', 'dist/esm/otel/index.mjs'],
    })
  }, 30_000)

  it('loads prom-client in the ./prometheus entry only (a browser bundle of the core never sees it)', async () => {
    const dist = join(project, 'node_modules/@torematrix/event-bus/dist')
    const loaders: string[] = []
    for (const f of files.filter((name) => /^dist\/(cjs|esm)\/.*\.m?js$/.test(name))) {
      const code = await readFile(join(dist, '..', f), 'utf8')
      if (/^import [^\n]*from ['"]prom-client['"]|require\(['"]prom-client['"]\)/m.test(code)) loaders.push(f)
    }
    expect(loaders.sort()).toEqual(['dist/cjs/prometheus/index.js', 'dist/esm/prometheus/index.mjs'])
  })

  it('loads @opentelemetry/api in the ./otel entry only (the core costs nothing without it)', async () => {
    const dist = join(project, 'node_modules/@torematrix/event-bus/dist')
    const loaders: string[] = []
    for (const f of files.filter((name) => /^dist\/(cjs|esm)\/.*\.m?js$/.test(name))) {
      const code = await readFile(join(dist, '..', f), 'utf8')
      if (/^import [^\n]*from ['"]@opentelemetry\/api['"]|require\(['"]@opentelemetry\/api['"]\)/m.test(code)) loaders.push(f)
    }
    expect(loaders.sort()).toEqual(['dist/cjs/otel/index.js', 'dist/esm/otel/index.mjs'])
  })

  it('has no problem that arethetypeswrong finds (node10, node16 from CJS and ESM, bundler)', async () => {
    const report = await run(process.execPath, [join(modules, '@arethetypeswrong', 'cli', 'dist', 'index.js'), tarball, '--format', 'json'], work).catch(
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    )
    expect((JSON.parse(report.slice(report.indexOf('{'))) as { problems: unknown }).problems).toEqual({})
  }, 60_000)

  it('type-checks a TypeScript consumer under tsc --strict with moduleResolution node16 (.cts and .mts)', async () => {
    await run(process.execPath, [tsc, '-p', 'tsconfig.node16.json'], project)
  }, 60_000)

  it('type-checks a TypeScript consumer under tsc --strict with moduleResolution bundler', async () => {
    await run(process.execPath, [tsc, '-p', 'tsconfig.bundler.json'], project)
  }, 60_000)
})
