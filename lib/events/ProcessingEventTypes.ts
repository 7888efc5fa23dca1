/**
 * The processing system's event type names (jobs, batches, workers, sessions),
 * `domain.action.state`.
 *
 * @category events
 * @since 0.1.0
 */
export const ProcessingEventTypes = {
  /** A job was put on a queue. */
  JOB_ENQUEUED: 'processing.job.enqueued',
  /** A worker started a job. */
  JOB_STARTED: 'processing.job.started',
  /** A job reported progress. */
  JOB_PROGRESS_UPDATED: 'processing.job.progress_updated',
  /** A job finished. */
  JOB_COMPLETED: 'processing.job.completed',
  /** A job failed. */
  JOB_FAILED: 'processing.job.failed',
  /** A failed job was retried. */
  JOB_RETRIED: 'processing.job.retried',
  /** A job was cancelled. */
  JOB_CANCELLED: 'processing.job.cancelled',
  /** A batch of jobs started. */
  BATCH_STARTED: 'processing.batch.started',
  /** A batch of jobs finished. */
  BATCH_COMPLETED: 'processing.batch.completed',
  /** A worker came up. */
  WORKER_STARTED: 'processing.worker.started',
  /** A worker went down. */
  WORKER_STOPPED: 'processing.worker.stopped',
  /** A processing session started. */
  SESSION_STARTED: 'processing.session.started',
  /** A processing session finished. */
  SESSION_COMPLETED: 'processing.session.completed',
  /** A processing session reported progress. */
  SESSION_PROGRESS_UPDATED: 'processing.session.progress_updated',
} as const

/**
 * One of the {@link ProcessingEventTypes} values.
 *
 * @category events
 * @since 0.1.0
 */
export type ProcessingEventType = (typeof ProcessingEventTypes)[keyof typeof ProcessingEventTypes]
