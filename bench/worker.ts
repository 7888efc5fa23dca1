/**
 * One measurement in a fresh process: `worker <scenario> <contender> <options-json>`.
 * Loads only the contender under test, runs the scenario, prints one line
 * `@@bench-result {json}` on stdout and exits. Started by `bench/run.ts` with `--expose-gc`.
 */
import { loadContender } from './contenders'
import { isScenarioId, scenarioById } from './core/scenarios'
import { isContenderName, RESULT_MARKER, type WorkerOptions, type WorkerResult } from './core/types'
import { SCENARIO_RUNS } from './scenarios'

const print = (result: WorkerResult): void => {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`)
}

const describe = (error: unknown): string => (error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error))

const main = async (): Promise<number> => {
  const [scenario = '', contender = '', json = '{}'] = process.argv.slice(2)
  if (!isScenarioId(scenario) || !isContenderName(contender)) {
    process.stderr.write(`usage: worker <scenario> <contender> <options-json>; got ${scenario} ${contender}\n`)
    return 2
  }
  const fail = (error: unknown): number => {
    print({ ok: false, scenario, contender, error: describe(error) })
    return 1
  }
  const spec = scenarioById(scenario)
  // A ref'd timer: a run that never finishes fails loudly instead of exiting silently.
  const watchdog = setTimeout(() => {
    process.exit(fail(new Error(`timed out after ${spec.timeoutS} s`)))
  }, spec.timeoutS * 1000)
  process.on('unhandledRejection', (reason) => {
    process.exit(fail(new Error(`unhandled rejection: ${describe(reason)}`)))
  })
  try {
    const options = JSON.parse(json) as WorkerOptions
    const c = await loadContender(contender)
    const notes: string[] = []
    const figures = await SCENARIO_RUNS[scenario]({ contender: c, options, notes })
    if (spec.close) await c.close()
    clearTimeout(watchdog)
    print({ ok: true, scenario, contender, figures, notes })
    return 0
  } catch (error) {
    clearTimeout(watchdog)
    return fail(error)
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${describe(error)}\n`)
    process.exit(1)
  },
)
