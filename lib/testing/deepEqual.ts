/**
 * @internal Structural equality for marble values (what `expect(...).toEqual` checks, without a
 * test framework): same prototype and the same own enumerable keys with equal values; Dates by
 * time, Maps and Sets by entries, Errors by name and message. Values are compared with
 * `Object.is` (`NaN` equals `NaN`).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (a instanceof Date) return a.getTime() === (b as Date).getTime()
  if (a instanceof Error && (a.name !== (b as Error).name || a.message !== (b as Error).message)) return false
  if (a instanceof Map) return sameEntries([...a], [...(b as Map<unknown, unknown>)])
  if (a instanceof Set) return sameEntries([...a], [...(b as Set<unknown>)])
  if (Array.isArray(a) && a.length !== (b as unknown[]).length) return false
  const keys = enumerableKeys(a)
  const other = enumerableKeys(b)
  if (keys.length !== other.length) return false
  return keys.every((key) => other.includes(key) && deepEqual((a as Record<PropertyKey, unknown>)[key], (b as Record<PropertyKey, unknown>)[key]))
}

/** Same entries in the same order (insertion order, as Maps and Sets keep it). */
function sameEntries(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((entry, i) => deepEqual(entry, b[i]))
}

function enumerableKeys(o: object): PropertyKey[] {
  return Reflect.ownKeys(o).filter((key) => Object.prototype.propertyIsEnumerable.call(o, key))
}
