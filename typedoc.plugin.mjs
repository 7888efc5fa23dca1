// @ts-check
// Names the documented modules after their import paths (TypeDoc would call them "index",
// "testing", "transports/nats", ... after their files).
import { Converter } from 'typedoc'

/** @type {Record<string, string>} */
const names = {
  index: '@torematrix/event-bus',
  testing: '@torematrix/event-bus/testing',
  'transports/nats': '@torematrix/event-bus/nats',
  prometheus: '@torematrix/event-bus/prometheus',
  otel: '@torematrix/event-bus/otel',
  inspector: '@torematrix/event-bus/inspector',
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.children ?? []) module.name = names[module.name] ?? module.name
  })
}
