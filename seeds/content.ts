import type { Faker } from '@faker-js/faker'

/**
 * Conversational English for seeded and simulated messages: templates filled with faker
 * entities (people, products, places, dates, links, code, emoji) instead of lorem ipsum.
 * Everything draws from the faker it is given, so a seed gives the same lines every time.
 * Mentions are chosen by the caller and always open the line (`@name …`), so a line can drop
 * one that would address its own author.
 */

type Fill = (f: Faker) => string

const EMOJI = [':tada:', ':rocket:', ':+1:', ':eyes:', ':coffee:', ':fire:', ':sweat_smile:', ':white_check_mark:', ':sparkles:', ':thinking:']
const REACTIONS = [':+1:', ':tada:', ':eyes:', ':heart:', ':rocket:', ':joy:', ':white_check_mark:', ':pray:']

const product = (f: Faker) => f.commerce.productName()
const feature = (f: Faker) =>
  f.helpers.arrayElement([
    'the login flow',
    'search',
    'the settings page',
    'notifications',
    'the onboarding wizard',
    'the export job',
    'file uploads',
    'the dashboard',
    'dark mode',
    'the billing page',
  ])
const day = (f: Faker) => f.date.weekday()
const time = (f: Faker) => f.helpers.arrayElement(['9:30', '10am', '11:15', 'noon', '2pm', '3:30', '4pm', '5pm'])
const city = (f: Faker) => f.location.city()
const ticket = (f: Faker) => `${f.helpers.arrayElement(['WEB', 'API', 'OPS', 'MOB'])}-${f.number.int({ min: 100, max: 4999 })}`
const link = (f: Faker) => `https://${f.internet.domainName()}/${f.helpers.slugify(f.word.words({ count: { min: 1, max: 3 } })).toLowerCase()}`
const emoji = (f: Faker) => f.helpers.arrayElement(EMOJI)
const code = (f: Faker) =>
  f.helpers.arrayElement([
    `\`${f.hacker.verb()}${f.string.alpha({ length: 1, casing: 'upper' })}${f.hacker.noun().replace(/\W/g, '')}()\``,
    `\`npm run ${f.helpers.arrayElement(['build', 'test', 'lint', 'dev', 'migrate'])}\``,
    `\`git checkout -b fix/${f.helpers.slugify(f.hacker.noun()).toLowerCase()}\``,
    `\`${f.database.column()} IS NULL\``,
  ])

/** Statements that start or carry a conversation. */
const STATEMENTS: Fill[] = [
  (f) => `Just pushed a fix for ${feature(f)}, the tests are green ${emoji(f)}`,
  (f) => `Heads up: ${feature(f)} is slow on staging today, looking into it.`,
  (f) => `The ${product(f)} demo went really well, the client loved it.`,
  (f) => `I'll be working from ${city(f)} until ${day(f)}.`,
  (f) => `I left a few comments on ${ticket(f)}, nothing blocking.`,
  (f) => `Reminder: the sprint review is on ${day(f)} at ${time(f)}.`,
  (f) => `Found the culprit, it was ${code(f)} all along ${emoji(f)}`,
  (f) => `Nice write-up on caching here: ${link(f)}`,
  (f) => `Deploy is done, ${feature(f)} is live for everyone.`,
  (f) => `Coffee machine on the third floor is fixed ${emoji(f)}`,
  () => `Thanks for the review, merging now.`,
  (f) => `Running ${code(f)} locally before I open the PR.`,
  (f) => `Customer feedback on ${product(f)} is mostly positive, a few asks about pricing.`,
  (f) => `**Status:** ${ticket(f)} is in QA, ${ticket(f)} still needs a design pass.`,
  (f) => `I'm out ${day(f)} afternoon, back ${f.date.weekday()} morning.`,
  (f) => `Welcome to the team, glad to have you here ${emoji(f)}`,
  (f) => `I moved the notes to ${link(f)}`,
  (f) => `Lunch at the new place near the office at ${time(f)}? They have ${f.food.dish()}.`,
  (f) => `The flaky test in ${feature(f)} is fixed, it was a timezone issue.`,
  (f) => `Our ${product(f)} launch date moved to ${f.date.month()} ${f.number.int({ min: 1, max: 28 })}.`,
]

/** Questions (good thread roots). */
const QUESTIONS: Fill[] = [
  (f) => `Do you have a minute to look at ${ticket(f)}?`,
  (f) => `Does anyone know why ${code(f)} fails on CI but not locally?`,
  (f) => `Who owns ${feature(f)} these days?`,
  (f) => `Can we move the ${day(f)} sync to ${time(f)}?`,
  (f) => `What did the ${city(f)} office decide about ${product(f)}?`,
  () => `Is the staging database being reset tonight?`,
  (f) => `Any recommendations for a good ${f.helpers.arrayElement(['keyboard', 'headset', 'monitor', 'desk lamp'])}?`,
  (f) => `Should we ship ${feature(f)} behind a flag first?`,
  (f) => `Where do we keep the design files for ${product(f)}?`,
  (f) => `Has anyone tried ${link(f)}? Looks handy.`,
]

/** Answers and reactions to something said before (good thread replies). */
const ANSWERS: Fill[] = [
  (f) => `Yes, give me ten minutes ${emoji(f)}`,
  (f) => `I think it is the cache, try ${code(f)} first.`,
  () => `You know more about that than I do.`,
  (f) => `Works for me, ${day(f)} at ${time(f)} then.`,
  () => `Good question, I'll check and get back to you.`,
  () => `Not yet, it is on the list for next sprint.`,
  (f) => `Sounds good to me ${emoji(f)}`,
  (f) => `It's in the wiki: ${link(f)}`,
  () => `Agreed, a flag is safer.`,
  () => `Done! Let me know if anything looks off.`,
  (f) => `Same here, I saw it with ${ticket(f)} too.`,
  (f) => `Thanks, that fixed it ${emoji(f)}`,
]

export type LineKind = 'statement' | 'question' | 'answer'

const TEMPLATES: Record<LineKind, Fill[]> = { statement: STATEMENTS, question: QUESTIONS, answer: ANSWERS }

/** One line of conversation; `mention` is a username to address (never the author). */
export function conversationLine(f: Faker, kind: LineKind, mention?: string): string {
  const line = f.helpers.arrayElement(TEMPLATES[kind])(f)
  return mention ? `@${mention} ${line}` : line
}

/** A reaction emoji shortcode, as people use them. */
export function reactionEmoji(f: Faker): string {
  return f.helpers.arrayElement(REACTIONS)
}
