import { EventValidationError } from '../errors/EventValidationError'
import { MAX_NESTING_DEPTH } from '../events/limits'
import { describeThrown } from './render'

/** Arrays up to this length are walked by index; longer ones by their own keys, so holes cost nothing. */
const DENSE_WALK_LIMIT = 1024

/**
 * @internal True for `{}`-literal-like objects (prototype `Object.prototype` or `null`); false,
 * not a throw, for a Proxy whose `getPrototypeOf` trap throws.
 */
export function isPlainObject(u: unknown): u is Record<string, unknown> {
  if (typeof u !== 'object' || u === null) return false
  try {
    return hasPlainPrototype(u)
  } catch {
    return false
  }
}

/** Prototype `Object.prototype` or `null`; throws what a Proxy's `getPrototypeOf` trap throws. */
function hasPlainPrototype(u: object): boolean {
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/**
 * An unfrozen plain object or array: what the walk visits. A Proxy whose traps throw makes this
 * throw (the walk reports it), rather than pass as an opaque object nobody could read.
 */
function isWalkable(u: unknown): u is object {
  return typeof u === 'object' && u !== null && !Object.isFrozen(u) && (Array.isArray(u) || hasPlainPrototype(u))
}

/** Up to this many nodes, a walk finds a node met before by a linear search; past it, by a `Set`. */
const LINEAR_SEEN_LIMIT = 16

/**
 * Where a walk is, kept only by the second, diagnosing walk after a failure (the first one keeps
 * nothing but the nodes, for speed): node `i` was found at key `keys[i]` of node `parents[i]`.
 */
interface Trace {
  readonly parents: number[]
  readonly keys: string[]
  node: number
  key: string | number | undefined
}

/** The walk found a node deeper than allowed. */
const TOO_DEEP = 0

/**
 * Lists the unfrozen plain objects and arrays of `root` (itself first), breadth first so a node
 * shared or met again (a cycle) counts at its shallowest and is listed once, or `TOO_DEEP`.
 * Reading a getter or a Proxy trap may throw: the caller catches it.
 */
function walk(root: object, maxDepth: number, trace?: Trace): object[] | typeof TOO_DEEP {
  const nodes: object[] = [root]
  let seen: Set<object> | undefined
  let depth = 1
  let levelEnd = 1
  for (let i = 0; i < nodes.length; i++) {
    if (i === levelEnd) {
      depth++
      levelEnd = nodes.length
    }
    const node = nodes[i] as Record<string, unknown>
    if (trace !== undefined) trace.node = i
    const keys = Array.isArray(node) && node.length <= DENSE_WALK_LIMIT ? undefined : Object.keys(node)
    const n = keys === undefined ? (node as unknown as unknown[]).length : keys.length
    for (let j = 0; j < n; j++) {
      const key = keys === undefined ? j : keys[j]
      if (trace !== undefined) trace.key = key
      const child = node[key]
      if (!isWalkable(child) || (seen === undefined ? nodes.includes(child) : seen.has(child))) continue
      if (depth >= maxDepth) return TOO_DEEP
      nodes.push(child)
      if (seen !== undefined) seen.add(child)
      else if (nodes.length > LINEAR_SEEN_LIMIT) seen = new Set(nodes)
      if (trace !== undefined) {
        trace.parents.push(i)
        trace.keys.push(String(key))
      }
    }
    if (trace !== undefined) trace.key = undefined
  }
  return nodes
}

/** Where the read that threw is: walks again, keeping the path, until it throws again (else the field itself). */
function pathOfThrow(root: object, path: string, maxDepth: number): string {
  const trace: Trace = { parents: [-1], keys: [''], node: -1, key: undefined }
  try {
    walk(root, maxDepth, trace)
    return path
  } catch {
    const parts: string[] = trace.key === undefined ? [] : [String(trace.key)]
    for (let i = trace.node; i > 0; i = trace.parents[i]) parts.push(trace.keys[i])
    if (path !== '') parts.push(path)
    return parts.reverse().join('.')
  }
}

/**
 * @internal Freezes a value's plain objects and arrays, deeply, without recursion; other objects
 * (Dates, buffers, class instances) are left as they are, and so are values already frozen (taken
 * as already walked). Arrays longer than 1,024 are walked by their own keys, so a sparse array
 * of length `2 ** 32 - 1` costs what it holds, not its length. Shared and cyclic nodes are
 * walked once.
 *
 * Nothing is frozen unless the whole value passes: nested deeper than `maxDepth`, or a getter or
 * Proxy trap that throws, is an `EventValidationError` naming the field (`path`), or the path of
 * the read that threw, and leaves the value as it was.
 *
 * @param value The value to freeze (returned as is).
 * @param path The field's path in the event, for the issue (`'payload'`).
 * @param owner The class being built (its name goes in the error's subject).
 * @param maxDepth Levels allowed, the value itself being level 1.
 * @throws EventValidationError as above; the issue's `value` is the field's value.
 */
export function deepFreeze<T>(value: T, path: string, owner: { readonly name: string }, maxDepth = MAX_NESTING_DEPTH): T {
  let nodes: object[] | typeof TOO_DEEP
  try {
    if (!isWalkable(value)) return value
    nodes = walk(value, maxDepth)
    if (nodes !== TOO_DEEP) for (const node of nodes) Object.freeze(node)
  } catch (error) {
    throw new EventValidationError(`new ${owner.name}(init)`, [
      {
        path: pathOfThrow(value as object, path, maxDepth),
        expected: 'plain data that can be read',
        actual: `reading it threw ${describeThrown(error)}`,
        value,
      },
    ])
  }
  if (nodes === TOO_DEEP) {
    throw new EventValidationError(`new ${owner.name}(init)`, [
      { path, expected: `at most ${maxDepth} levels of nested objects and arrays`, actual: `nested deeper than ${maxDepth}`, value },
    ])
  }
  return value
}
