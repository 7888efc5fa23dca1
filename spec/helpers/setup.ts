/**
 * Fails any test during which an `unhandledRejection` or `uncaughtException` fires: the bus
 * must never leak one, whatever its handlers do.
 */
const leaks: unknown[] = []
const onLeak = (reason: unknown): void => {
  leaks.push(reason)
}

beforeAll(() => {
  process.on('unhandledRejection', onLeak)
  process.on('uncaughtException', onLeak)
})

afterAll(() => {
  process.off('unhandledRejection', onLeak)
  process.off('uncaughtException', onLeak)
})

afterEach(async () => {
  // Let pending rejections surface before checking.
  await new Promise((resolve) => setImmediate(resolve))
  const found = leaks.splice(0)
  if (found.length > 0) throw new Error(`unhandled rejection or uncaught exception during the test: ${String(found[0])}`)
})
