import type { AnyContender, ContenderName } from '../core/types'

/**
 * Loads one contender. Each library is imported only in the process that measures it, so no
 * contender's module loading or background work disturbs another.
 */
export const loadContender = async (name: ContenderName): Promise<AnyContender> => {
  switch (name) {
    case 'ours':
      return (await import('./ours')).createOurs({ metrics: true, publishWith: 'publish' })
    case 'ours-nometrics':
      return (await import('./ours')).createOurs({ metrics: false, publishWith: 'publish' })
    case 'ours-emit':
      return (await import('./ours')).createOurs({ metrics: true, publishWith: 'emit' })
    case 'rxjs-map':
      return (await import('./rxjs')).createRxjs('map')
    case 'rxjs-filter':
      return (await import('./rxjs')).createRxjs('filter')
    case 'eventemitter3':
      return (await import('./eventemitter3')).createEventEmitter3()
    case 'emittery':
      return (await import('./emittery')).createEmittery()
    case 'eventemitter2':
      return (await import('./eventemitter2')).createEventEmitter2()
    case 'nestjs-cqrs':
      return (await import('./nestjs')).createNestjs()
    case 'handler-direct':
      return (await import('./direct')).createDirect()
  }
}
