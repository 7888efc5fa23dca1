import { EventBus, silentLogger, type EventBusOptions } from '../../lib'
import { natsTransport } from '../../lib/transports/nats'
import type { NatsTransportOptions } from '../../lib/transports/nats/NatsTransportOptions'
import { NatsServer } from './natsServer'

/** The nats-server of one describe block, and buses connected to it. */
export interface SuiteNatsServer {
  /** The server's URL (read it inside a test or hook: the server starts in `beforeAll`). */
  readonly url: string
  /** Kills the server (SIGKILL) and starts it again on the same port and store. */
  restart(): Promise<void>
  /** A bus on a NATS transport to this server, with a silent logger unless `busOptions` names one. */
  newBus(options?: Partial<NatsTransportOptions>, busOptions?: Omit<EventBusOptions, 'transport'>): EventBus
}

/**
 * A nats-server of the enclosing describe block's own: started in its `beforeAll`, stopped in its
 * `afterAll`. Call it in the describe body.
 */
export function natsServerPerSuite(): SuiteNatsServer {
  let server: NatsServer | undefined
  const started = (): NatsServer => {
    if (server === undefined) throw new Error('the suite nats-server is read before beforeAll started it')
    return server
  }
  beforeAll(async () => {
    server = await NatsServer.start()
  })
  afterAll(async () => {
    await server?.stop()
  })
  return {
    get url() {
      return started().url
    },
    restart: () => started().restart(),
    newBus: (options = {}, busOptions = {}) =>
      new EventBus({ logger: silentLogger, ...busOptions, transport: natsTransport({ servers: started().url, ...options }) }),
  }
}
