/**
 * Checked when the package is loaded, before anything else runs: an unsupported Node.js or msw
 * fails with one sentence saying what to install, instead of a stack trace from deep inside a dependency.
 * This module imports nothing, so it is evaluated ahead of msw and the rest of the package.
 */

/** msw 3's own floor, and the first release where `require()` of this ES module works. */
export const MIN_NODE = [22, 12] as const

class RequirementError extends Error {
  override name = 'RocketChatMswRequirementError'
  constructor(message: string) {
    super(message)
    // The sentence is the whole story: no frames from inside the package.
    this.stack = `${this.name}: ${message}`
  }
}

export function checkNodeVersion(version: string | undefined): void {
  if (version === undefined) return // a browser
  const [major = 0, minor = 0] = version.split('.').map(Number)
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return
  throw new RequirementError(`rocketchat-msw needs Node.js ${MIN_NODE.join('.')} or newer, and this is Node.js ${version}.`)
}

/** `isPassthroughResponse` is the msw 3 export the package relies on; msw 2 lacks it. */
export function checkMsw(msw: object): void {
  if ('isPassthroughResponse' in msw) return
  throw new RequirementError('rocketchat-msw needs msw 3, and the installed msw is older: run `npm i -D msw@3`.')
}

checkNodeVersion((globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node)
