/**
 * A few line icons as inline SVG, so the UI does not depend on an emoji font being installed
 * (CI machines and minimal Linux images often have none).
 */
const PATHS = {
  lock: ['M6 11h12v9H6z', 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3'],
  thread: ['M4 5h16v11H10l-5 4v-4H4z'],
  globe: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M3 12h18', 'M12 3c3 3.2 3 14.8 0 18c-3-3.2-3-14.8 0-18z'],
  pin: ['M9 3h6l-1 6l3 3H7l3-3z', 'M12 12v9'],
  trash: ['M4 7h16', 'M9 7V4h6v3', 'M6 7l1 13h10l1-13'],
  star: ['M12 3l2.8 6l6.2.6l-4.7 4.2l1.3 6.2L12 16.8L6.4 20l1.3-6.2L3 9.6L9.2 9z'],
  edit: ['M4 20h4L19 9l-4-4L4 16z', 'M13 7l4 4'],
  smile: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M8 14c1 1.3 2.3 2 4 2s3-.7 4-2', 'M9 9.5v.5', 'M15 9.5v.5'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  back: ['M15 5l-7 7l7 7'],
  bell: ['M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z', 'M10 21h4'],
  file: ['M6 3h8l4 4v14H6z', 'M14 3v4h4'],
  flask: ['M9 3h6', 'M10 3v6l-5 10h14l-5-10V3'],
} as const

export type IconName = keyof typeof PATHS

export function icon(name: IconName, options: { size?: number; filled?: boolean; label?: string } = {}): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg'
  const svg = document.createElementNS(ns, 'svg')
  const size = String(options.size ?? 16)
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('width', size)
  svg.setAttribute('height', size)
  svg.setAttribute('fill', options.filled ? 'currentColor' : 'none')
  svg.setAttribute('stroke', 'currentColor')
  svg.setAttribute('stroke-width', '2')
  svg.setAttribute('stroke-linecap', 'round')
  svg.setAttribute('stroke-linejoin', 'round')
  svg.setAttribute('class', `icon icon-${name}`)
  if (options.label) svg.setAttribute('aria-label', options.label)
  else svg.setAttribute('aria-hidden', 'true')
  for (const d of PATHS[name]) {
    const path = document.createElementNS(ns, 'path')
    path.setAttribute('d', d)
    svg.appendChild(path)
  }
  return svg
}
