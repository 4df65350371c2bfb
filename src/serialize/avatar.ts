import { encodePng } from '../files/png.js'

/** `getAvatarColor`: one of six colours, by the length of the name. */
const COLORS = ['#158D65', '#7F1B9F', '#B68D00', '#E26D0E', '#10529E', '#6C727A'] as const
export const MIN_AVATAR_SIZE = 16
export const MAX_AVATAR_SIZE = 1024
const MAX_INITIALS = 3

export function avatarColor(name: string): string {
  return COLORS[name.length % COLORS.length]!
}

/** The first character once markup is stripped (`sanitize-html`'s effect on a name), upper-cased. */
function firstLetter(name: string): string {
  return name
    .replace(/<[^>]*>/g, '')
    .substring(0, 1)
    .toUpperCase()
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/**
 * `renderSVGLetters`: the square the server draws for a user or room without an uploaded avatar:
 * the name's colour, its initial (up to three initials of the real name with `UI_Use_Name_Avatar`)
 * in white, the font shrunk for several initials. Byte for byte the server's markup.
 */
export function renderAvatarSvg(name: string, viewSize = 200, allInitials = false): string {
  const color = name === '?' ? '#000' : avatarColor(name)
  const initials = name === '?' ? name : allInitials ? name.split(' ').slice(0, MAX_INITIALS).map(firstLetter).join('') : firstLetter(name)
  const reduction = initials.length > 1 ? initials.length ** 2 / 10 : 0
  const fontSize = viewSize / (1.6 + reduction)
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${viewSize} ${viewSize}">\n` +
    `<rect width="100%" height="100%" fill="${color}"/>\n` +
    `<text x="50%" y="50%" dy="0.36em" text-anchor="middle" pointer-events="none" fill="#ffffff" font-family="'Helvetica', 'Arial', 'Lucida Grande', 'sans-serif'" font-size="${fontSize}">\n` +
    `${escapeXml(initials)}\n</text>\n</svg>`
  )
}

/**
 * `format=png|jpg|jpeg`: the server rasterises the SVG. The mock draws the same square in the same
 * colour as a PNG, without the letter (no font rasteriser in the mock), for every raster format.
 */
export function renderAvatarPng(name: string, size: number): Uint8Array {
  const hex = name === '?' ? '#000000' : avatarColor(name)
  const rgb: [number, number, number] = [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)]
  return encodePng({ width: size, height: size, palette: [rgb, [255, 255, 255]], paint: () => false })
}

/** `getAvatarSizeFromRequest`: `size` clamped to 16–1024, or undefined (the SVG's 200). */
export function avatarSize(raw: string | null): number | undefined {
  const n = raw ? parseInt(raw, 10) : NaN
  if (!n) return undefined
  return Math.min(Math.max(n, MIN_AVATAR_SIZE), MAX_AVATAR_SIZE)
}

/** Where the mock's avatar links point: the origin the request came in on. */
export function avatarUrl(origin: string, username: string): string {
  return `${origin}/avatar/${encodeURIComponent(username)}`
}
