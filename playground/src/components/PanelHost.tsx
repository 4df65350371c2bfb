import { useEffect, useRef } from 'react'
import { useApp } from '../client/context.js'
import { MockPanel } from '../panel.js'

/**
 * The mock's control panel (scenario, network faults, settings, activity, database, log). It is
 * the mock's own API in the page, not part of the Rocket.Chat client, and is mounted as is.
 */
export function PanelHost({ afterReset, refresh }: { afterReset: () => Promise<void>; refresh: () => void }) {
  const { runtime } = useApp()
  const host = useRef<HTMLDivElement>(null)
  // Mounted once per runtime: the hooks it is given read the latest state when called.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the panel is created once; afterReset/refresh are stable in effect
  useEffect(() => {
    const panel = new MockPanel(runtime, { afterReset, refresh })
    host.current?.appendChild(panel.el)
    Object.assign(window, { playground: { ...(window as unknown as { playground?: object }).playground, panel } })
    return () => panel.el.remove()
  }, [runtime])
  return <div ref={host} className="pg-panel-host" />
}
