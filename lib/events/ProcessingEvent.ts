import { deepFreeze } from '../internal/freeze'
import { Event, opt, type EventInit, type Payload, type FieldsCodec } from './Event'
import { ProcessingEventFields } from './fields'

/**
 * The init object of {@link ProcessingEvent}: every field beyond {@link EventInit} is optional.
 *
 * @category events
 * @since 0.1.0
 */
export interface ProcessingEventInit<P extends Payload = Record<string, unknown>, T extends string = string> extends EventInit<P, T> {
  /** The file processed. */
  readonly fileId?: string | null
  /** The job. */
  readonly jobId?: string | null
  /** The batch the job belongs to. */
  readonly batchId?: string | null
  /** The processing session. */
  readonly sessionId?: string | null
  /** The queue the job ran from. */
  readonly queueName?: string | null
  /** The worker that ran it. */
  readonly workerId?: string | null
  /** Progress from 0 to 1. */
  readonly progress?: number | null
  /** An error message, when the job failed. */
  readonly error?: string | null
  /** How often the job was retried (a whole number >= 0). */
  readonly retryCount?: number | null
  /** How long processing took, in milliseconds. */
  readonly processingTime?: number | null
  /** Extra data; default `{}`. */
  readonly data?: Readonly<Record<string, unknown>> | null
}

const NO_DATA: Readonly<Record<string, unknown>> = Object.freeze({})

/**
 * An event of the processing system: jobs, batches, workers, sessions
 * (see `ProcessingEventTypes`).
 *
 * @example
 * new ProcessingEvent({ eventType: ProcessingEventTypes.JOB_PROGRESS, jobId: 'j1', progress: 0.5 })
 *
 * @category events
 * @since 0.1.0
 */
export class ProcessingEvent<P extends Payload = Record<string, unknown>, T extends string = string> extends Event<P, T> {
  static override readonly kind: string = 'ProcessingEvent'

  /** The file processed. */
  readonly fileId?: string
  /** The job. */
  readonly jobId?: string
  /** The batch. */
  readonly batchId?: string
  /** The session. */
  readonly sessionId?: string
  /** The queue. */
  readonly queueName?: string
  /** The worker. */
  readonly workerId?: string
  /** Progress from 0 to 1. */
  readonly progress?: number
  /** An error message. */
  readonly error?: string
  /** Retries so far. */
  readonly retryCount?: number
  /** Milliseconds of processing. */
  readonly processingTime?: number
  /** Extra data (frozen). */
  readonly data: Readonly<Record<string, unknown>>

  /**
   * @param init See {@link ProcessingEventInit}.
   * @param fields For subclasses only: the io-ts codec of this class's fields (leave it out).
   * @throws EventValidationError when a field is malformed.
   */
  constructor(init: ProcessingEventInit<P, T>, fields: FieldsCodec = ProcessingEventFields) {
    super(init, fields)
    const optional = {
      fileId: opt(init.fileId),
      jobId: opt(init.jobId),
      batchId: opt(init.batchId),
      sessionId: opt(init.sessionId),
      queueName: opt(init.queueName),
      workerId: opt(init.workerId),
      progress: opt(init.progress),
      error: opt(init.error),
      retryCount: opt(init.retryCount),
      processingTime: opt(init.processingTime),
    }
    for (const [key, value] of Object.entries(optional)) {
      if (value !== undefined) Object.defineProperty(this, key, { value, enumerable: true, writable: false, configurable: false })
    }
    this.data = init.data == null ? NO_DATA : deepFreeze(init.data, 'data', new.target)
    if (new.target === ProcessingEvent) Object.freeze(this)
  }
}
