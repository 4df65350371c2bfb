/**
 * `npm run bench` — performance figures of the mock. Prints numbers and the issue's targets next
 * to them; asserts nothing and always exits 0 unless a section crashes.
 *
 *   npm run bench                      full run (≈ 2–3 min on 2 cores)
 *   npm run bench -- --quick           smaller run (≈ 40 s)
 *   npm run bench -- --only seed,http  some sections: seed, data-layer, requests, http, load, realtime, startup, uploads, parser
 *
 * Every section runs in its own child process (same Node, same flags), so one section's heap
 * (e.g. what msw's setupServer retains) cannot skew the next one's figures.
 */
import { spawn, execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { type BenchContext, Reporter, type TargetResult } from './lib.js'

const SECTIONS = {
  seed: () => import('./seed.js'),
  'data-layer': () => import('./data-layer.js'),
  requests: () => import('./requests.js'),
  http: () => import('./http.js'),
  load: () => import('./load.js'),
  uploads: () => import('./uploads.js'),
  realtime: () => import('./realtime.js'),
  startup: () => import('./startup.js'),
  parser: () => import('./parser.js'),
} satisfies Record<string, () => Promise<{ run: (ctx: BenchContext) => Promise<void> }>>

type SectionName = keyof typeof SECTIONS
const NAMES = Object.keys(SECTIONS) as SectionName[]

const USAGE = `Usage: npm run bench -- [--quick] [--only <section>[,<section>…]]

  --quick        fewer iterations and shorter load runs (≈ 40 s instead of ≈ 3 min)
  --only <list>  run only these sections: ${NAMES.join(', ')}
  -h, --help     show this help`

function isSection(name: string): name is SectionName {
  return name in SECTIONS
}

/** Child mode: run one section, send its target lines to the parent. */
async function runSection(name: SectionName, quick: boolean): Promise<void> {
  const report = new Reporter()
  const { run } = await SECTIONS[name]()
  await run({ quick, report })
  await new Promise<void>((resolve) => {
    if (process.send) process.send({ type: 'targets', targets: report.targets }, () => resolve())
    else resolve()
  })
  // setupServer, keep-alive agents and spawned servers may leave handles: do not wait for them.
  process.exit(0)
}

function packageVersion(name: string): string {
  try {
    const path = new URL(`../node_modules/${name}/package.json`, import.meta.url)
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version
  } catch {
    return '?'
  }
}

function gitRevision(): string {
  try {
    const cwd = fileURLToPath(new URL('..', import.meta.url))
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'handlers', 'seeds'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
    return dirty ? `${rev} + uncommitted changes` : rev
  } catch {
    return '?'
  }
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')
}

function printMachine(quick: boolean, sections: SectionName[]): void {
  const cpus = os.cpus()
  console.log(`rocketchat-msw benchmarks — ${quick ? 'quick' : 'full'} run: ${sections.join(', ')}`)
  console.log(`  node ${process.version} (V8 ${process.versions.v8}), ${os.platform()} ${os.arch()}`)
  console.log(
    `  ${cpus.length} CPU${cpus.length === 1 ? '' : 's'}${cpus[0] ? ` (${cpus[0].model.trim()})` : ''}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
  )
  console.log(`  msw ${packageVersion('msw')}, @msw/data ${packageVersion('@msw/data')}, autocannon ${packageVersion('autocannon')}, revision ${gitRevision()}`)
  console.log(`  load average at start: ${loadAverage()} (figures are noisy when other work shares the CPUs)`)
  console.log('  Figures only: targets are printed for information and nothing is asserted.')
}

function runChild(name: SectionName, quick: boolean): Promise<{ targets: TargetResult[]; code: number | null }> {
  const execArgv = process.execArgv.includes('--expose-gc') ? process.execArgv : [...process.execArgv, '--expose-gc']
  const args = [...execArgv, fileURLToPath(import.meta.url), '--section', name, ...(quick ? ['--quick'] : [])]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    let targets: TargetResult[] = []
    child.on('message', (message: { type?: string; targets?: TargetResult[] }) => {
      if (message.type === 'targets' && message.targets) targets = message.targets
    })
    child.on('error', reject)
    child.on('exit', (code) => resolve({ targets, code }))
  })
}

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string', multiple: true },
        section: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (values.help) {
    console.log(USAGE)
    return
  }
  const quick = values.quick === true

  if (values.section !== undefined) {
    if (!isSection(values.section)) throw new Error(`Unknown section "${values.section}"`)
    await runSection(values.section, quick)
    return
  }

  const requested = (values.only ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
  const unknown = requested.filter((n) => !isSection(n))
  if (unknown.length > 0) {
    console.error(`Unknown section${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\n\n${USAGE}`)
    process.exit(2)
  }
  const sections = requested.length > 0 ? NAMES.filter((n) => requested.includes(n)) : NAMES

  printMachine(quick, sections)
  const started = performance.now()
  const all: TargetResult[] = []
  const failed: string[] = []
  for (const name of sections) {
    const sectionStart = performance.now()
    const { targets, code } = await runChild(name, quick)
    all.push(...targets)
    if (code !== 0) failed.push(`${name} (exit ${String(code)})`)
    console.log(`  (${name}: ${((performance.now() - sectionStart) / 1000).toFixed(1)} s)`)
  }

  console.log('\nTargets (information only)\n──────────────────────────')
  const width = Math.max(10, ...all.map((t) => t.label.length))
  let section = ''
  for (const t of all) {
    if (t.section !== section) console.log(`  ${(section = t.section)}`)
    console.log(`    ${t.met ? 'met    ' : 'NOT met'}  ${t.label.padEnd(width)}  ${t.value.padStart(12)}  (target ${t.target})`)
  }
  const met = all.filter((t) => t.met).length
  console.log(`  ${met} of ${all.length} targets met.`)
  if (failed.length > 0) console.log(`  Sections that did not finish: ${failed.join(', ')}`)
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s; load average at the end: ${loadAverage()}`)
  if (failed.length > 0) process.exitCode = 1
}

await main()
