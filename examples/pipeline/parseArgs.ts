/** What the demo runs with. */
export interface DemoOptions {
  /** Documents to push through the pipeline. */
  readonly documents: number
  /** Share of documents that fail at some stage, 0..1. */
  readonly failRate: number
  /** Seed of the pseudo-random plan (which documents fail, where, how many pages). */
  readonly seed: number
  /** Print the usage and exit. */
  readonly help: boolean
  /** Where the events travel: one process (`'in-process'`, the default) or NATS JetStream between processes. */
  readonly transport: 'in-process' | 'nats'
  /** With `'nats'`: worker processes to spawn. */
  readonly workers: number
  /** With `'nats'`: the server to use; null starts a private nats-server. */
  readonly servers: string | null
}

/** The defaults of {@link DemoOptions}. */
export const DEFAULT_DEMO_OPTIONS: Readonly<DemoOptions> = Object.freeze({
  documents: 1_000,
  failRate: 0.05,
  seed: 42,
  help: false,
  transport: 'in-process',
  workers: 2,
  servers: null,
})

/** Most worker processes one run spawns. */
export const MAX_WORKERS = 32

/** Most documents one run takes (the demo keeps a little state per document). */
export const MAX_DOCUMENTS = 1_000_000

/** A command-line mistake: the message says what was wrong and what to type instead. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** The `--help` text. */
export const USAGE = `Usage: npm run demo -- [options]     (or: npx tsx examples/document-pipeline.ts [options])

Runs the document pipeline of the seed over an EventBus: processing started, OCR, layout,
text (and tables), validation, completed; a share of documents fail and raise ErrorEvents.

Options:
  --documents N    documents to process, a whole number from 1 to ${MAX_DOCUMENTS.toLocaleString('en-US')} (default ${DEFAULT_DEMO_OPTIONS.documents.toLocaleString('en-US')})
  --fail-rate R    share of documents that fail, from 0 to 1 (default ${DEFAULT_DEMO_OPTIONS.failRate})
  --seed S         seed of the random plan, a whole number from 0 to 4294967295 (default ${DEFAULT_DEMO_OPTIONS.seed})
  --transport T    in-process (default): one bus in this process;
                   nats: the stages run in worker processes over NATS JetStream (docs/distributed.md)
  --workers N      with --transport nats: worker processes, 1 to ${MAX_WORKERS} (default ${DEFAULT_DEMO_OPTIONS.workers})
  --servers URL    with --transport nats: use this server (nats://host:4222, JetStream on)
                   instead of starting a private nats-server on a free port
  -h, --help       show this help

Exit status: 0 when every document ended completed or failed, 1 when one was lost, 2 on a
usage error.`

const FLAGS = ['--documents', '--fail-rate', '--seed', '--transport', '--workers', '--servers', '--help'] as const
type Flag = (typeof FLAGS)[number]

/**
 * Reads the demo's flags: `--documents 500` or `--documents=500`, `--fail-rate 0.1`,
 * `--seed 7`, `--transport nats`, `--workers 2`, `--servers nats://127.0.0.1:4222`,
 * `--help` (or `-h`).
 *
 * @throws UsageError naming the bad flag and what it takes.
 */
export function parseArgs(argv: readonly string[]): DemoOptions {
  const given = new Map<Flag, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '-h' || arg === '--help') return { ...DEFAULT_DEMO_OPTIONS, help: true }
    if (!arg.startsWith('-')) {
      throw new UsageError(`unexpected argument '${arg}': options take the form --documents 500 (see --help)`)
    }
    const eq = arg.indexOf('=')
    const name = eq < 0 ? arg : arg.slice(0, eq)
    const flag = FLAGS.find((f) => f === name)
    if (flag === '--help') return { ...DEFAULT_DEMO_OPTIONS, help: true }
    if (flag === undefined) {
      throw new UsageError(`unknown option '${name}': the options are ${FLAGS.join(', ')} (see --help)`)
    }
    let value = eq < 0 ? argv.at(i + 1) : arg.slice(eq + 1)
    if (eq < 0) {
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value, for example ${flag} ${EXAMPLES[flag]}`)
      i++
    }
    if (given.has(flag)) throw new UsageError(`${flag} is given twice; give it once`)
    given.set(flag, (value ??= ''))
  }
  /** The value given for `flag`, read by `read`; `fallback` when the flag is absent. */
  const option = <T>(flag: Flag, read: (text: string) => T, fallback: T): T => {
    const text = given.get(flag)
    return text === undefined ? fallback : read(text)
  }
  const documents = option('--documents', (text) => wholeNumber('--documents', text, 1, MAX_DOCUMENTS), DEFAULT_DEMO_OPTIONS.documents)
  const failRate = option('--fail-rate', (text) => share('--fail-rate', text), DEFAULT_DEMO_OPTIONS.failRate)
  const seed = option('--seed', (text) => wholeNumber('--seed', text, 0, MAX_SEED), DEFAULT_DEMO_OPTIONS.seed)
  const transport = option('--transport', transportName, DEFAULT_DEMO_OPTIONS.transport)
  if (transport === 'in-process') {
    for (const flag of ['--workers', '--servers'] as const) {
      if (given.has(flag)) throw new UsageError(`${flag} needs --transport nats (in process there are no workers and no server)`)
    }
  }
  const workers = option('--workers', (text) => wholeNumber('--workers', text, 1, MAX_WORKERS), DEFAULT_DEMO_OPTIONS.workers)
  const servers = option('--servers', serverUrls, DEFAULT_DEMO_OPTIONS.servers)
  return { documents, failRate, seed, help: false, transport, workers, servers }
}

const MAX_SEED = 2 ** 32 - 1
const EXAMPLES: Readonly<Record<Exclude<Flag, '--help'>, string>> = {
  '--documents': '500',
  '--fail-rate': '0.1',
  '--seed': '7',
  '--transport': 'nats',
  '--workers': '2',
  '--servers': 'nats://127.0.0.1:4222',
}

function transportName(text: string): DemoOptions['transport'] {
  if (text === 'in-process' || text === 'nats') return text
  throw new UsageError(`--transport takes in-process or nats, got '${text}' (for example --transport nats)`)
}

/** One URL or several, comma-separated (a cluster's seed servers). */
function serverUrls(text: string): string {
  const urls = text.split(',').map((u) => u.trim())
  for (const url of urls) {
    if (!/^(nats|tls|wss?):\/\/[^\s/]+/.test(url)) {
      throw new UsageError(`--servers takes nats://host:port (several separated by commas), got '${text}' (for example --servers nats://127.0.0.1:4222)`)
    }
  }
  return urls.join(',')
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = /^\s*\d[\d_]*\s*$/.test(text) ? Number(text.replace(/_/g, '')) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `${flag} takes a whole number from ${min} to ${max.toLocaleString('en-US')}, got '${text}' (for example ${flag} ${EXAMPLES[flag as keyof typeof EXAMPLES]})`,
    )
  }
  return n
}

function share(flag: string, text: string): number {
  const n = text.trim() === '' ? Number.NaN : Number(text)
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`${flag} takes a share from 0 to 1, got '${text}' (for example ${flag} 0.1 for 10 %)`)
  }
  return n
}
