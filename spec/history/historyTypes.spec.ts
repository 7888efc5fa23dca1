import type { Observable } from 'rxjs'
import { type DocumentEvent, EventBus, silentLogger } from '../../lib'

type Events = { 'document.ocr.completed': DocumentEvent; 'user.account.created': { readonly userId: string } }

describe('history types (compile-time)', () => {
  it('types from, history$ and its filter on a typed bus', () => {
    const bus = new EventBus<Events>({ logger: silentLogger, history: { maxEvents: 10 } })
    const ocr: Observable<DocumentEvent> = bus.history$('document.ocr.completed', { filter: (e) => e.documentId === 'd1', since: 0, limit: 5 })
    const users = bus.history$('user.account.created', { filter: (e) => e.payload.userId === 'u1' })
    bus.subscribe('document.ocr.completed', () => undefined, { from: { last: 3 } })
    bus.subscribe('document.ocr.completed', () => undefined, { from: { since: 0 } })
    expect(() => {
      // @ts-expect-error: not a from
      bus.subscribe('document.ocr.completed', () => undefined, { from: 'old' })
    }).toThrow(/options\.from/)
    // @ts-expect-error: not a type of the map
    bus.history$('document.unknown')
    // @ts-expect-error: history needs maxEvents
    expect(() => new EventBus({ history: {} })).toThrow(/history\.maxEvents/)
    expect([ocr, users]).toHaveLength(2)
  })
})
