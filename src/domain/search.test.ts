import { describe, expect, it } from 'vitest'
import { createRocketChatMock } from '../mock.js'
import { parseSearch, parseTextSearch, stem, textScore, tokens } from './search.js'

describe('search language: stemmer', () => {
  it.each([
    ['tests', 'test'],
    ['tested', 'test'],
    ['testing', 'test'],
    ['stopped', 'stop'],
    ['parties', 'party'],
    ['boxes', 'box'],
    ['quickly', 'quick'],
    ['class', 'class'],
    ['cat', 'cat'],
  ])('%s → %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed)
  })

  it('tokens drop stop words, lowercase and stem', () => {
    expect(tokens('The Tests were RUNNING over the boxes')).toStrictEqual(['test', 'run', 'box'])
  })
})

describe('search language: text search', () => {
  it('splits terms, "phrases" and -negations', () => {
    expect(parseTextSearch('deploy "release notes" -staging deploys')).toStrictEqual({
      terms: ['deploy', 'releas', 'not'],
      phrases: ['release notes'],
      negated: ['stag'],
    })
  })

  it('scores like a Mongo text index: repeated terms count less, the whole field gets +10%', () => {
    const search = parseTextSearch('deploy')
    expect(textScore('deploy', search)).toBeCloseTo(1.1, 10)
    expect(textScore('deploy today', search)).toBeCloseTo(0.75, 10)
    expect(textScore('deploy deploy', search)).toBeCloseTo(1.5, 10)
    expect(textScore('nothing here', search)).toBeUndefined()
    expect(textScore('deploy to staging', parseTextSearch('deploy -staging'))).toBeUndefined()
    expect(textScore('deploy the notes', parseTextSearch('"release notes" deploy'))).toBeUndefined()
  })
})

describe('search language: operators', () => {
  const mock = createRocketChatMock({ seed: 42 })
  const demo = mock.core.findUser('demo')!

  it('consumes from:, has:, is:, dates and order, and keeps the rest as text', () => {
    const parsed = parseSearch(mock.core, demo, 'from:me has:star is:pinned on:1-3-2026 order:asc hello world')!
    expect(parsed.predicates).toHaveLength(4)
    expect(parsed.sortDirection).toBe(1)
    expect(parsed.text).toStrictEqual({ terms: ['hello', 'world'], phrases: [], negated: [] })
  })

  it('a /regex/ literal becomes a regex; nothing left and no operator is no search', () => {
    const parsed = parseSearch(mock.core, demo, '/^dep(loy)?$/i')!
    expect(parsed.regex?.test('DEPLOY')).toBe(true)
    expect(parsed.regex?.test('redeploy')).toBe(false)
    expect(parseSearch(mock.core, demo, '   ')).toBeUndefined()
  })
})
