/**
 * `chat.getURLPreview` without a network: what the server's OEmbed parser would plausibly find,
 * derived from the URL and the mock's seed alone (same seed + URL → same preview). URLs the
 * server would never fetch (not http(s), other ports, localhost and private ranges, unparseable)
 * get an empty `meta`, as the server answers them.
 */
export interface UrlPreview {
  url: string
  meta: Record<string, string>
  headers?: { contentType?: string; contentLength?: string }
  ignoreParse: true
}

const FILE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  zip: 'application/zip',
  json: 'application/json',
  txt: 'text/plain',
}

const DESCRIPTIONS = [
  'Everything you need to know, in one place.',
  'News, guides and updates from the team.',
  'The official home page, with documentation and downloads.',
  'Read the latest articles and announcements.',
  'Fast, reliable and open source.',
  'Plans, pricing and how to get started.',
  'Stories and notes from people building things.',
  'Tools for teams who like to ship.',
]

const COLORS = ['#1d74f5', '#f5455c', '#2de0a5', '#ffd21f', '#9f22c7', '#f38c39', '#0a5cd8', '#158d65']

/** FNV-1a, 32 bits: a stable hash of the seed and the URL. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Hosts `API_EmbedIgnoredHosts` blocks by default: localhost, loopback and private ranges. */
function isIgnoredHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0') return true
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])]
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || a === 0
  }
  return /^f[cd][0-9a-f]{2}:/.test(host) || /^fe80:/.test(host)
}

function titleCase(words: string): string {
  return words
    .split(/[\s_+-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ')
}

function siteName(hostname: string): string {
  const labels = hostname.replace(/^www\./, '').split('.')
  const main = labels.length > 1 ? labels[labels.length - 2]! : labels[0]!
  return main ? main[0]!.toUpperCase() + main.slice(1) : hostname
}

/** A self-contained preview image (an SVG data URI): no request leaves the mock. */
function imageFor(name: string, color: string): string {
  const initial = (name[0] ?? '?').toUpperCase().replace(/[<&>"']/g, '')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><rect width="1200" height="630" fill="${color}"/><text x="600" y="380" font-family="sans-serif" font-size="260" fill="#fff" text-anchor="middle">${initial}</text></svg>`
  return `data:image/svg+xml,${encodeURIComponent(svg)}`
}

export function urlPreview(seed: number, url: string): UrlPreview {
  const empty: UrlPreview = { url, meta: {}, ignoreParse: true }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return empty
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return empty
  if (parsed.port !== '' && parsed.port !== '80' && parsed.port !== '443') return empty
  if (!parsed.hostname || isIgnoredHost(parsed.hostname)) return empty

  const h = hash(`${seed}|${url}`)
  const segments = parsed.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s)
      } catch {
        return s
      }
    })
  const last = segments[segments.length - 1] ?? ''
  const extension = /\.([a-z0-9]{2,5})$/i.exec(last)?.[1]?.toLowerCase()
  const fileType = extension ? FILE_TYPES[extension] : undefined
  if (fileType) {
    // A file: the server reads only the headers of what it fetched.
    return { url, meta: {}, headers: { contentType: fileType, contentLength: String(10_000 + (h % 5_000_000)) }, ignoreParse: true }
  }

  const video = youTubeId(parsed)
  if (video) return youTubePreview(url, video, h)

  const site = siteName(parsed.hostname)
  const topic = last ? titleCase(last.replace(/\.[a-z0-9]+$/i, '')) : ''
  const title = topic ? `${topic} | ${site}` : site
  const description = topic ? `${topic}: ${DESCRIPTIONS[h % DESCRIPTIONS.length]!}` : `${site} — ${DESCRIPTIONS[h % DESCRIPTIONS.length]!}`
  const meta: Record<string, string> = {
    pageTitle: title,
    ogTitle: title,
    ogDescription: description,
    ogSiteName: site,
    ogType: segments.length > 1 ? 'article' : 'website',
    ogUrl: url,
    ogImage: imageFor(site, COLORS[(h >>> 8) % COLORS.length]!),
    twitterCard: 'summary_large_image',
    twitterTitle: title,
    twitterDescription: description,
    description,
  }
  return { url, meta, headers: { contentType: 'text/html; charset=utf-8', contentLength: String(8_000 + (h % 120_000)) }, ignoreParse: true }
}

/** The video id of a YouTube watch, short or embed link. */
function youTubeId(url: URL): string | undefined {
  const host = url.hostname.replace(/^(www\.|m\.)/, '')
  let id: string | null | undefined
  if (host === 'youtube.com' && url.pathname === '/watch') id = url.searchParams.get('v')
  else if (host === 'youtube.com' && url.pathname.startsWith('/embed/')) id = url.pathname.split('/')[2]
  else if (host === 'youtu.be') id = url.pathname.slice(1)
  return id && /^[\w-]{6,20}$/.test(id) ? id : undefined
}

/**
 * What YouTube's oEmbed answer gives the server: `oembed*` keys, and the player iframe with the
 * width/height style the server adds. The thumbnail is a data URI, like every preview image here.
 */
function youTubePreview(url: string, id: string, h: number): UrlPreview {
  const title = `Video ${id} | YouTube`
  const meta: Record<string, string> = {
    oembedType: 'video',
    oembedTitle: title,
    oembedAuthorName: `Channel ${(h % 9000) + 1000}`,
    oembedProviderName: 'YouTube',
    oembedProviderUrl: 'https://www.youtube.com/',
    oembedThumbnailUrl: imageFor('YouTube', '#ff0000'),
    oembedThumbnailWidth: '480',
    oembedThumbnailHeight: '360',
    oembedWidth: '200',
    oembedHeight: '113',
    oembedHtml:
      `<iframe style="max-width: 100%;width:400px;height:225px" width="200" height="113" src="https://www.youtube.com/embed/${id}?feature=oembed" ` +
      `frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" ` +
      `referrerpolicy="strict-origin-when-cross-origin" allowfullscreen title="${title}"></iframe>`,
    oembedUrl: url,
    pageTitle: title,
    ogTitle: title,
    ogSiteName: 'YouTube',
    ogType: 'video.other',
    ogUrl: url,
  }
  return { url, meta, headers: { contentType: 'text/html; charset=utf-8', contentLength: String(400_000 + (h % 200_000)) }, ignoreParse: true }
}

/** The server fetches no previews for a message with more external links than this. */
const MAX_EXTERNAL_URL_PREVIEWS = 5

/**
 * The server's after-save oEmbed step, offline: each link of a new or edited message that is not
 * `ignoreParse` gets the generator's `meta` and `headers` — unless previews are off (`API_Embed`),
 * the message has attachments, or it links more than five external pages. Changes `urls` in place.
 */
export function previewLinks(
  core: { setting(id: 'API_Embed' | 'Site_Url'): unknown; random: { seed: number } },
  urls: Array<{ url: string; ignoreParse?: boolean } & Record<string, unknown>> | undefined,
  attachments: readonly unknown[] | undefined,
): void {
  if (!urls?.length || !core.setting('API_Embed') || (attachments && attachments.length > 0)) return
  const siteUrl = String(core.setting('Site_Url'))
  if (urls.filter((item) => !item.url.includes(siteUrl)).length > MAX_EXTERNAL_URL_PREVIEWS) return
  for (const item of urls) {
    if (item.ignoreParse === true) continue
    const preview = urlPreview(core.random.seed, item.url)
    if (Object.keys(preview.meta).length > 0) item.meta = preview.meta
    if (preview.headers) item.headers = preview.headers
  }
}
