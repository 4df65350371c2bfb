import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'

/** Debian's Chromium (or one on PATH); `CHROMIUM_PATH` wins. */
export function findChromium(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) if (dir && existsSync(join(dir, name))) return join(dir, name)
  }
  return '/usr/bin/chromium'
}

/** Headless flags for a closed network: no background connections Chromium would retry forever. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
