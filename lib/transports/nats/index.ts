/**
 * `@torematrix/event-bus/nats`: the NATS JetStream transport. Needs the optional peer
 * dependencies `@nats-io/transport-node` and `@nats-io/jetstream`.
 *
 * @packageDocumentation
 */
export { natsTransport } from './natsTransport'
export type { NatsTransportOptions } from './NatsTransportOptions'
