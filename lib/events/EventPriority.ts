/**
 * How urgently an event is handled. Priority is real: among events waiting for a handler,
 * `IMMEDIATE` ones are handled before `NORMAL` ones, and those before `DEFERRED` ones; FIFO
 * within one priority.
 *
 * @example
 * new Event({ eventType: 'alarm.raised', priority: EventPriority.IMMEDIATE })
 *
 * @category events
 * @since 0.1.0
 */
export const EventPriority = {
  /** Handled before every waiting `NORMAL` and `DEFERRED` event. */
  IMMEDIATE: 'immediate',
  /** The default. */
  NORMAL: 'normal',
  /** Handled only when no `IMMEDIATE` or `NORMAL` event waits. */
  DEFERRED: 'deferred',
} as const

/**
 * One of the {@link EventPriority} values: `'immediate' | 'normal' | 'deferred'`.
 *
 * @category events
 * @since 0.1.0
 */
export type EventPriority = (typeof EventPriority)[keyof typeof EventPriority]

/** @internal The queue lane of a priority: 0 first. */
export function priorityLane(priority: EventPriority): 0 | 1 | 2 {
  return priority === 'normal' ? 1 : priority === 'immediate' ? 0 : 2
}
