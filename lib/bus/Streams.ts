import { type Observable, ReplaySubject, Subject } from 'rxjs'
import type { EventBusError } from '../errors/EventBusError'
import type { Event } from '../events/Event'
import type { DeadLetter } from './types'

/**
 * @internal The hot streams of one run of the bus (`start()` to `stop()`): `events$`,
 * `deadLetters$`, `errors$`, and the stop signal. They complete when the run stops; the next
 * `start()` makes new ones.
 */
export class Streams {
  readonly events: Subject<Event>
  readonly deadLetters = new Subject<DeadLetter>()
  readonly errors = new Subject<EventBusError>()
  readonly stopped = new Subject<void>()
  readonly events$: Observable<Event>
  readonly deadLetters$: Observable<DeadLetter>
  readonly errors$: Observable<EventBusError>
  private readonly replay: boolean

  constructor(replayCount: number) {
    this.replay = replayCount > 0
    this.events = this.replay ? new ReplaySubject<Event>(replayCount) : new Subject<Event>()
    this.events$ = this.events.asObservable()
    this.deadLetters$ = this.deadLetters.asObservable()
    this.errors$ = this.errors.asObservable()
  }

  /** An event reached routing (or arrived from a broker): to `events$`, when someone listens or it replays. */
  event(event: Event): void {
    if (this.replay || this.events.observed) this.events.next(event)
  }

  /** Completes every stream (the run stopped). */
  complete(): void {
    this.stopped.next()
    this.stopped.complete()
    this.events.complete()
    this.deadLetters.complete()
    this.errors.complete()
  }
}
