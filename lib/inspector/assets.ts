/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

// `__filename` exists in CommonJS (our dist/cjs build, jest); in the ESM build it does not, and
// uPlot is looked up from the main script and the working directory instead.
declare const __filename: string | undefined

/**
 * @internal A file the inspector serves.
 */
export interface StaticAsset {
  /** The bytes, as text. */
  readonly body: string
  /** The `content-type` header. */
  readonly contentType: string
}

/** @internal Resolves a module specifier to a file path (as `require.resolve`), or throws. */
export type ResolveModule = (specifier: string) => string

/** @internal uPlot's minified script and stylesheet (the optional peer `uplot`). */
export interface UplotAssets {
  readonly script: StaticAsset
  readonly style: StaticAsset
}

const JS = 'text/javascript; charset=utf-8'
const CSS = 'text/css; charset=utf-8'

/**
 * @internal Reads uPlot's minified files from the installed `uplot` package; null when it is not
 * installed (the page then shows the figures without the chart).
 */
export function loadUplotAssets(resolve: ResolveModule = resolveFromHere): UplotAssets | null {
  try {
    return {
      script: { body: readFileSync(resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'), contentType: JS },
      style: { body: readFileSync(resolve('uplot/dist/uPlot.min.css'), 'utf8'), contentType: CSS },
    }
  } catch {
    return null
  }
}

/** `require.resolve` from this file, else from the main script, else from the working directory. */
function resolveFromHere(specifier: string): string {
  const bases = [typeof __filename === 'string' ? __filename : undefined, process.argv[1], join(process.cwd(), 'index.js')]
  let lastError: unknown = new Error(`cannot resolve ${specifier}`)
  for (const base of bases) {
    if (base === undefined) continue
    try {
      return createRequire(base).resolve(specifier)
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}

/** @internal The page's own files. */
export const pageAsset = (body: string, kind: 'html' | 'js' | 'css'): StaticAsset => ({
  body,
  contentType: kind === 'html' ? 'text/html; charset=utf-8' : kind === 'js' ? JS : CSS,
})
