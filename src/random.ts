import { Faker, base, en, generateMersenne32Randomizer } from '@faker-js/faker'

/** Meteor's `Random.id()` alphabet: what Rocket.Chat clients use for 17-char ids. */
const UNMISTAKABLE = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz'
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Every random choice of one mock instance: a seeded faker for content, and a separate seeded
 * stream for ids so that asking faker for one more sentence never shifts every id. Login tokens
 * come from neither: they are credentials, drawn from the platform's CSPRNG, so a second mock
 * with the same seed cannot predict them (and logging in never shifts a seeded id).
 */
export class Random {
  readonly faker: Faker
  /**
   * A third stream for message wording only (seeds/content.ts), so the words can change
   * without moving any other seeded fact (authors, times, threads, ids).
   */
  readonly content: Faker
  readonly #ids: ReturnType<typeof generateMersenne32Randomizer>

  constructor(
    readonly seed: number,
    private readonly isTaken: (id: string) => boolean = () => false,
  ) {
    this.faker = new Faker({ locale: [en, base] })
    this.faker.seed(seed)
    this.content = new Faker({ locale: [en, base] })
    this.content.seed(seed ^ 0x3c6ef372)
    this.#ids = generateMersenne32Randomizer()
    this.#ids.seed(seed ^ 0x5bd1e995)
  }

  /** Restart the id/token stream from another seed (after restoring a snapshot). */
  reseedIds(seed: number): void {
    this.#ids.seed(seed ^ 0x2f6b3c1d)
  }

  #pick(alphabet: string, length: number): string {
    // Char codes joined once give a flat string (`+=` leaves a rope V8 keeps until first read).
    const codes = new Array<number>(length)
    for (let i = 0; i < length; i++) codes[i] = alphabet.charCodeAt(Math.floor(this.#ids.next() * alphabet.length))
    return String.fromCharCode(...codes)
  }

  /** A 17-char Rocket.Chat-style id. */
  id(): string {
    let id = this.#pick(UNMISTAKABLE, 17)
    while (this.isTaken(id)) id = this.#pick(UNMISTAKABLE, 17)
    return id
  }

  /** A 43-char login token, like Meteor's `Random.secret()`: unseeded, unguessable. */
  secret(): string {
    // 64 symbols: a byte's low 6 bits pick one without bias.
    const bytes = crypto.getRandomValues(new Uint8Array(43))
    let token = ''
    for (const byte of bytes) token += BASE64URL[byte & 63]
    return token
  }
}
