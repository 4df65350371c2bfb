/**
 * The built CLI (`node dist/cli.js serve --port 0`) as a child process, for the robustness tests
 * and HTTP tests that need the real standalone server, and a small HTTP client with the harness's `api()` shape.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { requestApi, type ApiOptions, type ApiResponse } from './helpers.js'

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))

export interface ServedCli {
  url: string
  child: ChildProcessWithoutNullStreams
  /** Resolves when the process exits. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Everything the server wrote to stderr so far. */
  stderr(): string
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Spawn the CLI with the test's Node and resolve once it prints `listening on http://…`. */
export function serveCli(args: string[] = []): Promise<ServedCli> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`)
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { stdio: 'pipe' })
  let stdout = ''
  let stderr = ''
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within 15 s; stderr: ${stderr}`)), 15_000)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(stdout)
      if (match) {
        clearTimeout(timer)
        resolve({
          url: match[1]!,
          child,
          exit,
          stderr: () => stderr,
          stop: () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
            return exit
          },
        })
      }
    })
    void exit.then(({ code }) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before listening; stderr: ${stderr}`))
    })
  })
}

/**
 * `api(path, options)` over real HTTP, with the same options as the harness's `t.api` (`as` is a
 * persona logged in over HTTP with `loginAll`).
 */
export function httpApi(base: string, logins: Record<string, { userId: string; authToken: string }>) {
  return (path: string, options: ApiOptions = {}): Promise<ApiResponse> =>
    requestApi(base, path, options, (username) => {
      const login = logins[username]
      if (!login) throw new Error(`not logged in: ${username}`)
      return login
    })
}

/** Log the personas in over HTTP (password = username). */
export async function loginAll(base: string, usernames: readonly string[]): Promise<Record<string, { userId: string; authToken: string }>> {
  const logins: Record<string, { userId: string; authToken: string }> = {}
  const api = httpApi(base, logins)
  for (const user of usernames) {
    const res = await api('login', { body: { user, password: user } })
    if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${JSON.stringify(res.body)}`)
    logins[user] = { userId: res.body.data.userId, authToken: res.body.data.authToken }
  }
  return logins
}
