/** The seeded accounts one can sign in as (password = username). */
export const PERSONAS = ['admin', 'demo', 'alice', 'bob'] as const
