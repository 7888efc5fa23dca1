// @ts-check
// Names the three documented modules after their import paths (TypeDoc would call them
// "index", "testing" and "transports/nats", after their files).
import { Converter } from 'typedoc'

/** @type {Record<string, string>} */
const names = {
  index: '@torematrix/event-bus',
  testing: '@torematrix/event-bus/testing',
  'transports/nats': '@torematrix/event-bus/nats',
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.children ?? []) module.name = names[module.name] ?? module.name
  })
}
