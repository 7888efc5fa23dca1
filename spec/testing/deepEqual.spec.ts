import { deepEqual } from '../../lib/testing/deepEqual'

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('deepEqual (the default comparison of testSaga)', () => {
  it.each<[string, unknown, unknown]>([
    ['primitives', 1, 1],
    ['NaN', NaN, NaN],
    ['nested objects', { a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }],
    ['class instances', new Point(1, 2), new Point(1, 2)],
    ['dates', new Date(5), new Date(5)],
    ['maps', new Map([['k', { v: 1 }]]), new Map([['k', { v: 1 }]])],
    ['sets', new Set([1, 2]), new Set([1, 2])],
    ['errors of one name and message', new Error('boom'), new Error('boom')],
    ['symbol keys', { [Symbol.for('s')]: 1 }, { [Symbol.for('s')]: 1 }],
  ])('equal: %s', (_name, a, b) => {
    expect(deepEqual(a, b)).toBe(true)
  })

  it.each<[string, unknown, unknown]>([
    ['primitives', 1, 2],
    ['0 and -0', 0, -0],
    ['null and an object', null, {}],
    ['a string and an object', 'a', {}],
    ['other prototypes', new Point(1, 2), { x: 1, y: 2 }],
    ['other values', { a: 1 }, { a: 2 }],
    ['other keys', { a: 1 }, { b: 1 }],
    ['more keys', { a: 1 }, { a: 1, b: 2 }],
    ['arrays of other lengths', [1], [1, undefined]],
    ['dates', new Date(5), new Date(6)],
    ['maps', new Map([['k', 1]]), new Map([['k', 2]])],
    ['sets of other sizes', new Set([1]), new Set([1, 2])],
    ['errors of another message', new Error('boom'), new Error('bang')],
    ['errors of another name', new Error('boom'), new TypeError('boom')],
    ['errors with other fields', Object.assign(new Error('boom'), { code: 1 }), Object.assign(new Error('boom'), { code: 2 })],
  ])('different: %s', (_name, a, b) => {
    expect(deepEqual(a, b)).toBe(false)
  })
})
