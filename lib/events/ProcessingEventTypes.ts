/**
 * The processing system's event type names (jobs, batches, queues, workers, sessions), with
 * the seed's values, so events from the original Python services interoperate.
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
  JOB_PROGRESS: 'processing.job.progress',
  /** A job finished. */
  JOB_COMPLETED: 'processing.job.completed',
  /** A job failed. */
  JOB_FAILED: 'processing.job.failed',
  /** A failed job was retried. */
  JOB_RETRIED: 'processing.job.retried',
  /** A job was cancelled. */
  JOB_CANCELLED: 'processing.job.cancelled',
  /** A batch of jobs was put on a queue. */
  BATCH_ENQUEUED: 'processing.batch.enqueued',
  /** A batch of jobs started. */
  BATCH_STARTED: 'processing.batch.started',
  /** A batch reported progress. */
  BATCH_PROGRESS: 'processing.batch.progress',
  /** A batch of jobs finished. */
  BATCH_COMPLETED: 'processing.batch.completed',
  /** A batch of jobs failed. */
  BATCH_FAILED: 'processing.batch.failed',
  /** A queue's status changed (paused, resumed, full, ...). */
  QUEUE_STATUS_CHANGED: 'processing.queue.status_changed',
  /** A worker's status changed. */
  WORKER_STATUS_CHANGED: 'processing.worker.status_changed',
  /** A worker came up (finer than `WORKER_STATUS_CHANGED`). */
  WORKER_STARTED: 'processing.worker.started',
  /** A worker went down (finer than `WORKER_STATUS_CHANGED`). */
  WORKER_STOPPED: 'processing.worker.stopped',
  /** Overall progress was updated. */
  PROGRESS_UPDATED: 'processing.progress.updated',
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
