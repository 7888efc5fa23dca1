// @ts-check
'use strict'
/**
 * A jest reporter that names, at the end of every run, the tests that did not run and why: each
 * file with skipped (or todo) tests, their names, and the file's own console line that says why
 * (a suite that skips itself prints one, as spec/browser does without Chromium; jest shows no
 * console of a skipped file, so this is where that line is seen). Tests left out
 * by `-t`/`--testNamePattern` are the caller's choice and not listed.
 *
 * In CI (`CI` set), a broker or browser suite (spec/transports/, spec/browser/) must never skip:
 * the run fails, naming them (jest turns a reporter's `getLastError()` into a failed run).
 */

const { relative } = require('node:path')

/** Paths whose suites must run in CI: they fail, never skip, when their server or browser is missing. */
const MUST_RUN_IN_CI = ['spec/transports/', 'spec/browser/']

/** @param {string | undefined} value */
const isCi = (value) => value !== undefined && value !== '' && value !== 'false'

/**
 * @typedef {{ status: string, fullName: string }} Assertion
 * @typedef {{ testFilePath: string, testResults: Assertion[], console?: { message: string }[] | null }} FileResult
 * @typedef {{ file: string, names: string[], reasons: string[] }} Skipped
 */

/**
 * A file's console lines that give a reason for skipping (jest drops them from the results of
 * the whole run, so the reporter keeps them as each file ends).
 * @param {FileResult} result
 * @returns {string[]}
 */
function reasonsOf(result) {
  return (result.console ?? []).map((c) => c.message).filter((m) => /skip/i.test(m))
}

/**
 * The skipped tests of each file, with the reasons kept for it.
 * @param {readonly FileResult[]} results
 * @param {string} rootDir
 * @param {ReadonlyMap<string, string[]>} reasons By test file path.
 * @returns {Skipped[]}
 */
function skippedOf(results, rootDir, reasons) {
  /** @type {Skipped[]} */
  const out = []
  for (const r of results) {
    const names = r.testResults.filter((t) => t.status === 'pending' || t.status === 'skipped' || t.status === 'todo').map((t) => t.fullName)
    if (names.length === 0) continue
    out.push({ file: relative(rootDir, r.testFilePath).split('\\').join('/'), names, reasons: reasons.get(r.testFilePath) ?? reasonsOf(r) })
  }
  return out
}

/**
 * The lines the reporter prints for `skipped`.
 * @param {readonly Skipped[]} skipped
 * @returns {string[]}
 */
function describeSkipped(skipped) {
  if (skipped.length === 0) return []
  const total = skipped.reduce((n, s) => n + s.names.length, 0)
  const lines = [`Skipped: ${total} test${total === 1 ? '' : 's'} in ${skipped.length} file${skipped.length === 1 ? '' : 's'}`]
  for (const s of skipped) {
    lines.push(`  ${s.file}: ${s.names.length} skipped (${s.names.slice(0, 3).join('; ')}${s.names.length > 3 ? '; ...' : ''})`)
    const why = s.reasons.length > 0 ? s.reasons.join(' / ') : 'no reason given: a suite that skips itself should print why (console.warn)'
    lines.push(`    why: ${why}`)
  }
  return lines
}

class SkippedReporter {
  /**
   * @param {{ rootDir: string, testNamePattern?: string }} globalConfig
   * @param {{ env?: Record<string, string | undefined> }} [options] `env` for tests; `process.env` otherwise.
   */
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir
    this.filtered = globalConfig.testNamePattern !== undefined && globalConfig.testNamePattern !== ''
    this.env = options.env ?? process.env
    /** @type {Error | undefined} */
    this.error = undefined
    /** @type {string[]} */
    this.printed = []
    /** @type {Map<string, string[]>} */
    this.reasons = new Map()
  }

  /**
   * Keeps the file's reasons for skipping while its console is still there.
   * @param {unknown} _test
   * @param {FileResult} result
   */
  onTestResult(_test, result) {
    const reasons = reasonsOf(result)
    if (reasons.length > 0) this.reasons.set(result.testFilePath, reasons)
  }

  /**
   * @param {unknown} _contexts
   * @param {{ testResults: FileResult[] }} results
   */
  onRunComplete(_contexts, results) {
    if (this.filtered) return
    const skipped = skippedOf(results.testResults, this.rootDir, this.reasons)
    this.printed = describeSkipped(skipped)
    if (this.printed.length > 0) process.stderr.write(`\n${this.printed.join('\n')}\n`)
    const mustRun = skipped.filter((s) => MUST_RUN_IN_CI.some((p) => s.file.startsWith(p)))
    if (isCi(this.env['CI']) && mustRun.length > 0) {
      this.error = new Error(`broker and browser tests must not skip in CI: ${mustRun.map((s) => s.file).join(', ')}`)
      process.stderr.write(`${this.error.message}\n`)
    }
  }

  /** A failed run when a broker or browser suite skipped in CI. */
  getLastError() {
    return this.error
  }
}

module.exports = SkippedReporter
module.exports.skippedOf = skippedOf
module.exports.describeSkipped = describeSkipped
