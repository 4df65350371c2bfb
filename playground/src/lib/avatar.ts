/** An initials avatar as an SVG data URL (the mock serves no avatar images); the colour is stable per username. */
const cache = new Map<string, string>()

export function avatarUrl(username: string, name = username): string {
  const hit = cache.get(username)
  if (hit) return hit
  let hash = 0
  for (const ch of username) hash = (hash * 31 + ch.charCodeAt(0)) | 0
  const hue = Math.abs(hash) % 360
  const initials = (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('') || '?'
  ).replace(/[<&>]/g, '')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="hsl(${hue} 45% 38%)"/><text x="50%" y="54%" dominant-baseline="middle" text-anchor="middle" font-family="sans-serif" font-size="16" fill="#fff">${initials}</text></svg>`
  const url = `data:image/svg+xml,${encodeURIComponent(svg)}`
  cache.set(username, url)
  return url
}
