import { DocumentEvent, encodeEvent, Event, EventValidationError, parseEvent, type SchemaVersions, type Upcaster } from '../../lib'
import { upcast } from '../../lib/schema/upcast'

// v1: { name }; v2: { firstName, lastName }; v3 (a newer process): { fullName: { first, last } }
const v1ToV2: Upcaster = (json) => {
  const { name, ...rest } = json['payload'] as { name: string }
  const [firstName, lastName = ''] = name.split(' ')
  return { ...json, payload: { ...rest, firstName, lastName } }
}
const versions: SchemaVersions = { 'user.account.created': { version: 2, upcasters: { 1: v1ToV2 } } }

describe('schema evolution (schemaVersion and upcasters)', () => {
  it('a v1 event (no schemaVersion, or 1) decodes as v2; a v2 one as it is; the version is not on the instance', () => {
    for (const v1 of [
      { eventType: 'user.account.created', payload: { name: 'Ada Lovelace' } },
      { eventType: 'user.account.created', schemaVersion: 1, payload: { name: 'Ada Lovelace' } },
    ]) {
      const e = parseEvent(JSON.stringify(v1), { schemaVersions: versions })
      expect(e.payload).toEqual({ firstName: 'Ada', lastName: 'Lovelace' })
      expect(e).not.toHaveProperty('schemaVersion')
    }
    const v2 = parseEvent({ eventType: 'user.account.created', schemaVersion: 2, payload: { firstName: 'A', lastName: 'B' } }, { schemaVersions: versions })
    expect(v2.payload).toEqual({ firstName: 'A', lastName: 'B' })
  })

  it('a newer version is an EventValidationError whose message names both versions', () => {
    const v3 = { eventType: 'user.account.created', schemaVersion: 3, payload: { fullName: { first: 'Ada', last: 'L' } } }
    let error: unknown
    try {
      parseEvent(v3, { schemaVersions: versions })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(EventValidationError)
    expect((error as Error).message).toMatch(
      /schemaVersion: expected version 2 or older: the event has version 3, this process knows 'user.account.created' up to version 2/,
    )
    expect((error as Error).message).not.toMatch(/Ada/)
  })

  it('encodeEvent stamps the current version, which decodes without upcasting; the seed format carries it as schema_version', () => {
    const e = new Event({ eventType: 'user.account.created', payload: { firstName: 'A', lastName: 'B' } })
    expect(encodeEvent(e, { schemaVersions: versions })['schemaVersion']).toBe(2)
    expect(parseEvent(encodeEvent(e, { schemaVersions: versions }), { schemaVersions: versions })).toEqual(e)
    const seed = encodeEvent(e, { schemaVersions: versions, wireFormat: 'seed' })
    expect(seed['schema_version']).toBe(2)
    expect(parseEvent(seed, { schemaVersions: versions, wireFormat: 'seed' })).toEqual(e)
    const v1Seed = { event_type: 'user.account.created', payload: { name: 'Grace Hopper' }, timestamp: '2024-01-15T10:30:00+00:00' }
    expect(parseEvent(v1Seed, { schemaVersions: versions, wireFormat: 'seed' }).payload).toEqual({ firstName: 'Grace', lastName: 'Hopper' })
    expect(encodeEvent(new DocumentEvent({ eventType: 'document.ocr.completed', documentId: 'd' }), { schemaVersions: versions })).not.toHaveProperty(
      'schemaVersion',
    )
  })

  it('unversioned types pass as they are (a stray schemaVersion is dropped); non-objects are left to the codecs', () => {
    expect(upcast({ eventType: 'a.b', schemaVersion: 7 }, versions)).toEqual({ eventType: 'a.b' })
    const same = { eventType: 'a.b' }
    expect(upcast(same, versions)).toBe(same)
    expect(upcast('text', versions)).toBe('text')
  })

  it('a malformed version, a throwing upcaster or one that returns no object is an EventValidationError naming the versions', () => {
    expect(() => upcast({ eventType: 'user.account.created', schemaVersion: 'two' }, versions)).toThrow(/schemaVersion: expected a whole number >= 1/)
    expect(() => upcast({ eventType: 'user.account.created', schemaVersion: 0 }, versions)).toThrow(/schemaVersion/)
    const throwing: SchemaVersions = {
      'a.b': {
        version: 2,
        upcasters: {
          1: () => {
            throw new TypeError('secret payload value')
          },
        },
      },
    }
    expect(() => upcast({ eventType: 'a.b' }, throwing)).toThrow(/an upcaster from version 1 to 2 that returns an object \(it threw TypeError\)/)
    expect(() => upcast({ eventType: 'a.b' }, throwing)).not.toThrow(/secret/)
    const nothing: SchemaVersions = { 'a.b': { version: 2, upcasters: { 1: () => null as never } } }
    expect(() => upcast({ eventType: 'a.b' }, nothing)).toThrow(/an upcaster from version 1 to 2 that returns an object/)
  })

  it('checks the schemaVersions option: a version and an upcaster for every older version', () => {
    expect(() => parseEvent({ eventType: 'a.b' }, { schemaVersions: 3 as never })).toThrow(/options\.schemaVersions: expected an object of event type/)
    expect(() => parseEvent({ eventType: 'a.b' }, { schemaVersions: { 'a.b': { version: 0 } } })).toThrow(
      /options\.schemaVersions\['a.b'\]\.version: expected a whole number >= 1/,
    )
    expect(() => parseEvent({ eventType: 'a.b' }, { schemaVersions: { 'a.b': { version: 3, upcasters: { 1: v1ToV2 } } } })).toThrow(
      /options\.schemaVersions\['a.b'\]\.upcasters\.2: expected a function from version 2 to 3/,
    )
    expect(() => parseEvent({ eventType: 'a.b' }, { schemaVersions: { 'a.b': { version: 2, upcasters: 5 as never } } })).toThrow(/upcasters\.1/)
  })
})
