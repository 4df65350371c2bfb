/**
 * `npm run serve` stops its server when the npm process itself gets SIGTERM or SIGINT (npm relays the
 * signal to the shell it started, not to the server; the CLI notices it was orphaned and stops).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
// npm itself runs on the same Node.js as the tests (the repo's node@24), whatever else is on PATH.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` }

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/info`, { signal: AbortSignal.timeout(2_000) })).status === 200
  } catch {
    return false
  }
}

describe.each(['SIGTERM', 'SIGINT'] as const)('npm run serve, then %s to npm', (signal) => {
  it('stops the server: the port no longer answers', async () => {
    expect(existsSync(new URL('../dist/cli.js', import.meta.url)), 'dist/cli.js (npm test builds it)').toBe(true)
    const npm = spawn('npm', ['run', '--silent', 'serve', '--', '--port', '0'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "listening on" within 30 s:\n${output}`)), 30_000)
        const onData = (chunk: Buffer) => {
          output += chunk.toString()
          const match = /listening on (http:\/\/\S+)/.exec(output)
          if (match?.[1]) {
            clearTimeout(timer)
            resolve(match[1])
          }
        }
        npm.stdout.on('data', onData)
        npm.stderr.on('data', onData)
      })
      expect(await answers(url)).toBe(true)

      npm.kill(signal)
      await exited
      let up = true
      for (let i = 0; i < 50 && up; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        up = await answers(url)
      }
      expect(up, `${url} still answers 5 s after npm exited`).toBe(false)
    } finally {
      npm.kill('SIGKILL')
    }
  })
})
