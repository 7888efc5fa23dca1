import { defineConfig, type Options } from 'tsup'

// One source, two builds: CommonJS in dist/cjs (.js + .d.ts) and ESM in dist/esm (.mjs + .d.mts).
// Each build bundles the public entry points and splits the code they share into chunks,
// so `.`, `./testing` and `./nats` of one format load one copy of the bus (instanceof holds).
// Dependencies and peer dependencies (rxjs, io-ts, fp-ts, @nats-io/*, prom-client, @opentelemetry/api)
// stay external: tsup leaves every name of package.json's dependencies and peerDependencies unbundled.
const entry = {
  index: 'lib/index.ts',
  'testing/index': 'lib/testing/index.ts',
  'nats/index': 'lib/transports/nats/index.ts',
  'inspector/index': 'lib/inspector/index.ts',
  'prometheus/index': 'lib/prometheus/index.ts',
  'otel/index': 'lib/otel/index.ts',
}

const common: Options = {
  entry,
  tsconfig: 'tsconfig.build.json',
  target: 'es2020',
  platform: 'neutral',
  splitting: true,
  treeshake: false,
  sourcemap: true,
  clean: true,
  dts: true,
  minify: false,
  shims: false,
  keepNames: true,
}

export default defineConfig([
  { ...common, format: 'cjs', outDir: 'dist/cjs' },
  { ...common, format: 'esm', outDir: 'dist/esm' },
])
