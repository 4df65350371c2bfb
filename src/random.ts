import { Faker, base, en, generateMersenne32Randomizer, generateMersenne53Randomizer } from '@faker-js/faker'

/** Meteor's `Random.id()` alphabet: what Rocket.Chat clients use for 17-char ids. */
const UNMISTAKABLE = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz'
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Every random choice of one mock instance: a seeded faker for content, and a separate seeded
 * stream for ids so that asking faker for one more sentence never shifts every id. Login tokens
 * come from neither: they are credentials, drawn from the platform's CSPRNG, so a second mock
 * with the same seed cannot predict them (and logging in never shifts a seeded id).
 */
/** A seeded Mersenne Twister that counts its draws, so a state can be reached again by replaying them. */
function countingRandomizer(seed: number, generate = generateMersenne32Randomizer): { next(): number; seed(seed: number | number[]): void; draws: number } {
  const inner = generate()
  inner.seed(seed)
  const randomizer = {
    draws: 0,
    next(): number {
      randomizer.draws += 1
      return inner.next()
    },
    seed(next: number | number[]): void {
      randomizer.draws = 0
      inner.seed(next)
    },
  }
  return randomizer
}

/** Where a `Random` stands: its seeds and how many values each stream has given (see `Random.at`). */
export interface RandomState {
  seed: number
  fakerSeed: number
  fakerDraws: number
  contentDraws: number
  idSeed: number
  idDraws: number
}

/**
 * Every random choice of one mock instance: a seeded faker for content, and a separate seeded
 * stream for ids and tokens so that asking faker for one more sentence never shifts every id.
 */
export class Random {
  #faker: Faker | undefined
  #fakerStream: ReturnType<typeof countingRandomizer> | undefined
  #fakerSeed: number
  #fakerSkip = 0
  readonly #ids: ReturnType<typeof countingRandomizer>
  #idSeed: number
  #content: Faker | undefined
  #contentStream: ReturnType<typeof countingRandomizer> | undefined
  #contentSkip = 0

  constructor(
    readonly seed: number,
    private readonly isTaken: (id: string) => boolean = () => false,
  ) {
    this.#fakerSeed = seed
    this.#idSeed = seed ^ 0x5bd1e995
    this.#ids = countingRandomizer(this.#idSeed)
  }

  /**
   * A `Random` in `state`, as if it had drawn those values. The faker stream is replayed only
   * when something asks faker for more (a restored seed rarely does), so this costs the id draws.
   */
  static at(state: RandomState, isTaken?: (id: string) => boolean): Random {
    const random = new Random(state.seed, isTaken)
    random.#fakerSeed = state.fakerSeed
    random.#fakerSkip = state.fakerDraws
    random.#contentSkip = state.contentDraws
    random.#idSeed = state.idSeed
    random.#ids.seed(state.idSeed)
    for (let i = 0; i < state.idDraws; i++) random.#ids.next()
    return random
  }

  /** The content generator (built on first use). */
  get faker(): Faker {
    if (this.#faker === undefined) {
      // faker's own default generator (53-bit), so the values are those `faker.seed(seed)` gives.
      const stream = (this.#fakerStream = countingRandomizer(this.#fakerSeed, generateMersenne53Randomizer))
      for (let i = 0; i < this.#fakerSkip; i++) stream.next()
      const draws = stream.draws
      this.#faker = new Faker({ locale: [en, base], randomizer: stream })
      // The constructor may seed or draw; replay from where `at` left off, as the original did.
      if (stream.draws !== draws) {
        stream.seed(this.#fakerSeed)
        for (let i = 0; i < this.#fakerSkip; i++) stream.next()
      }
    }
    return this.#faker
  }

  /**
   * A third stream for message wording only (seeds/content.ts), so the words can change
   * without moving any other seeded fact (authors, times, threads, ids). Built on first use.
   */
  get content(): Faker {
    if (this.#content === undefined) {
      const seed = this.seed ^ 0x3c6ef372
      const stream = (this.#contentStream = countingRandomizer(seed, generateMersenne53Randomizer))
      for (let i = 0; i < this.#contentSkip; i++) stream.next()
      const draws = stream.draws
      this.#content = new Faker({ locale: [en, base], randomizer: stream })
      if (stream.draws !== draws) {
        stream.seed(seed)
        for (let i = 0; i < this.#contentSkip; i++) stream.next()
      }
    }
    return this.#content
  }

  state(): RandomState {
    return {
      seed: this.seed,
      fakerSeed: this.#fakerSeed,
      fakerDraws: this.#fakerStream ? this.#fakerStream.draws : this.#fakerSkip,
      contentDraws: this.#contentStream ? this.#contentStream.draws : this.#contentSkip,
      idSeed: this.#idSeed,
      idDraws: this.#ids.draws,
    }
  }

  /** Restart the id/token stream from another seed (after restoring a snapshot). */
  reseedIds(seed: number): void {
    this.#idSeed = seed ^ 0x2f6b3c1d
    this.#ids.seed(this.#idSeed)
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
