import type { Core } from '../core.js'
import type { Message } from '../db/index.js'
import { touchMessage } from './touch.js'

/**
 * The mock's built-in translation provider: deterministic (the same text and language always give
 * the same output) and offline. Common English words are looked up in small per-language
 * dictionaries; every other word is pseudo-localised with the target language's letters (accents,
 * Cyrillic, Greek…), so a translated message is visibly different yet still readable. Mentions,
 * channels, emoji, URLs and code are kept verbatim, as the real providers' tokenizer keeps them.
 */

/** The languages the provider offers (Google Translate codes), with English names. */
const LANGUAGES: ReadonlyArray<readonly [code: string, english: string]> = [
  ['ar', 'Arabic'],
  ['bg', 'Bulgarian'],
  ['cs', 'Czech'],
  ['da', 'Danish'],
  ['de', 'German'],
  ['el', 'Greek'],
  ['en', 'English'],
  ['es', 'Spanish'],
  ['fi', 'Finnish'],
  ['fr', 'French'],
  ['he', 'Hebrew'],
  ['hi', 'Hindi'],
  ['hu', 'Hungarian'],
  ['id', 'Indonesian'],
  ['it', 'Italian'],
  ['ja', 'Japanese'],
  ['ko', 'Korean'],
  ['nl', 'Dutch'],
  ['no', 'Norwegian'],
  ['pl', 'Polish'],
  ['pt', 'Portuguese'],
  ['pt-BR', 'Portuguese (Brazil)'],
  ['ro', 'Romanian'],
  ['ru', 'Russian'],
  ['sv', 'Swedish'],
  ['th', 'Thai'],
  ['tr', 'Turkish'],
  ['uk', 'Ukrainian'],
  ['vi', 'Vietnamese'],
  ['zh', 'Chinese (Simplified)'],
  ['zh-TW', 'Chinese (Traditional)'],
]

const CODES = new Map(LANGUAGES.map(([code]) => [code.toLowerCase(), code]))

/**
 * The provider's code for a requested language: exact (case-insensitive), else its base
 * (`es-419` → `es`, as the Google provider falls back to the first two letters), else undefined.
 */
export function resolveLanguage(requested: string): string | undefined {
  const lower = requested.trim().toLowerCase().replace(/_/g, '-')
  return CODES.get(lower) ?? CODES.get(lower.split('-')[0] ?? '')
}

/**
 * `getSupportedLanguages(targetLanguage)`: every language with its name in `targetLanguage`
 * (English names for `en` and for languages the runtime cannot name), sorted as the provider
 * returns them (by code).
 */
export function supportedLanguages(targetLanguage: string): Array<{ language: string; name: string }> {
  const target = resolveLanguage(targetLanguage) ?? 'en'
  let names: Intl.DisplayNames | undefined
  if (target !== 'en') {
    try {
      names = new Intl.DisplayNames([target], { type: 'language', fallback: 'none' })
    } catch {
      names = undefined
    }
  }
  return LANGUAGES.map(([language, english]) => {
    let name: string | undefined
    try {
      name = names?.of(language)
    } catch {
      name = undefined
    }
    return { language, name: name ? name[0]!.toLocaleUpperCase(target) + name.slice(1) : english }
  })
}

// ---- the translator ----------------------------------------------------------------------------

type Dictionary = Record<string, string>

/** Common English words, per target language (base codes). */
const DICTIONARIES: Record<string, Dictionary> = {
  es: dict(
    `hello hola|hi hola|hey hola|thanks gracias|thank gracias|you tú|please por favor|yes sí|no no|and y|or o|the el|a un|an un|is es|are son|this esto|that eso|it eso|i yo|we nosotros|they ellos|my mi|your tu|our nuestro|for para|with con|in en|on en|at en|of de|to a|from de|good bueno|great genial|nice bonito|new nuevo|release lanzamiento|team equipo|everyone todos|all todos|today hoy|tomorrow mañana|friday viernes|meeting reunión|message mensaje|messages mensajes|work trabajo|welcome bienvenido|morning mañana|notes notas|room sala|channel canal|question pregunta|minute minuto|time tiempo|who quién|what qué|where dónde|when cuándo|why por qué|how cómo|up arriba|out fuera|me mí|glad contento|here aquí|there allí|read leer|before antes|after después|anything algo|something algo|broken roto|link enlace|review revisar|is es|be ser|have tener|do hacer|will va|can puede|test prueba|world mundo|translate traducir|big grande|day día|week semana|now ahora|again otra vez|ready listo|done hecho|bring traer|book libro`,
  ),
  fr: dict(
    `hello bonjour|hi salut|hey salut|thanks merci|thank merci|you vous|please s'il vous plaît|yes oui|no non|and et|or ou|the le|a un|an un|is est|are sont|this ceci|that cela|it il|i je|we nous|they ils|my mon|your votre|our notre|for pour|with avec|in dans|on sur|at à|of de|to à|from de|good bon|great génial|nice joli|new nouveau|release version|team équipe|everyone tout le monde|all tous|today aujourd'hui|tomorrow demain|friday vendredi|meeting réunion|message message|messages messages|work travail|welcome bienvenue|morning matin|notes notes|room salle|channel canal|question question|minute minute|time temps|who qui|what quoi|where où|when quand|why pourquoi|how comment|me moi|glad content|here ici|there là|read lire|before avant|after après|anything quelque chose|something quelque chose|broken cassé|link lien|review relire|be être|have avoir|do faire|can peut|test test|world monde|translate traduire|big grand|day jour|week semaine|now maintenant|again encore|ready prêt|done fait`,
  ),
  de: dict(
    `hello hallo|hi hallo|hey hey|thanks danke|thank danke|you du|please bitte|yes ja|no nein|and und|or oder|the die|a ein|an ein|is ist|are sind|this dies|that das|it es|i ich|we wir|they sie|my mein|your dein|our unser|for für|with mit|in in|on auf|at bei|of von|to zu|from von|good gut|great großartig|nice schön|new neu|release Version|team Team|everyone alle|all alle|today heute|tomorrow morgen|friday Freitag|meeting Besprechung|message Nachricht|messages Nachrichten|work Arbeit|welcome willkommen|morning Morgen|notes Notizen|room Raum|channel Kanal|question Frage|minute Minute|time Zeit|who wer|what was|where wo|when wann|why warum|how wie|me mich|glad froh|here hier|there dort|read lesen|before vor|after nach|anything etwas|something etwas|broken kaputt|link Link|review prüfen|be sein|have haben|do tun|can kann|test Test|world Welt|translate übersetzen|big groß|day Tag|week Woche|now jetzt|again wieder|ready bereit|done fertig`,
  ),
  pt: dict(
    `hello olá|hi oi|hey ei|thanks obrigado|thank obrigado|you você|please por favor|yes sim|no não|and e|or ou|the o|a um|an um|is é|are são|this isto|that isso|it isso|i eu|we nós|they eles|my meu|your seu|our nosso|for para|with com|in em|on em|at em|of de|to para|from de|good bom|great ótimo|nice legal|new novo|release versão|team equipe|everyone todos|all todos|today hoje|tomorrow amanhã|friday sexta-feira|meeting reunião|message mensagem|messages mensagens|work trabalho|welcome bem-vindo|morning manhã|notes notas|room sala|channel canal|question pergunta|minute minuto|time tempo|who quem|what o que|where onde|when quando|why por que|how como|me mim|glad feliz|here aqui|there lá|read ler|before antes|after depois|anything algo|something algo|broken quebrado|link link|review revisar|be ser|have ter|do fazer|can pode|test teste|world mundo|translate traduzir|big grande|day dia|week semana|now agora|again de novo|ready pronto|done feito`,
  ),
  it: dict(
    `hello ciao|hi ciao|hey ehi|thanks grazie|thank grazie|you tu|please per favore|yes sì|no no|and e|or o|the il|a un|an un|is è|are sono|this questo|that quello|it esso|i io|we noi|they loro|my mio|your tuo|our nostro|for per|with con|in in|on su|at a|of di|to a|from da|good buono|great fantastico|nice bello|new nuovo|release versione|team squadra|everyone tutti|all tutti|today oggi|tomorrow domani|friday venerdì|meeting riunione|message messaggio|messages messaggi|work lavoro|welcome benvenuto|morning mattina|notes note|room stanza|channel canale|question domanda|minute minuto|time tempo|who chi|what cosa|where dove|when quando|why perché|how come|me me|glad contento|here qui|there lì|read leggere|before prima|after dopo|anything qualcosa|something qualcosa|broken rotto|link link|review rivedere|be essere|have avere|do fare|can può|test prova|world mondo|translate tradurre|big grande|day giorno|week settimana|now ora|again ancora|ready pronto|done fatto`,
  ),
}

function dict(spec: string): Dictionary {
  const out: Dictionary = {}
  for (const pair of spec.split('|')) {
    const [english, ...rest] = pair.trim().split(' ')
    if (english) out[english] = rest.join(' ')
  }
  return out
}

/** Letter substitutions per language, applied to words the dictionary does not know. */
const LETTERS: Record<string, Record<string, string>> = {
  es: { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', n: 'ñ' },
  fr: { a: 'à', e: 'é', i: 'î', o: 'ô', u: 'ù', c: 'ç' },
  de: { a: 'ä', o: 'ö', u: 'ü' },
  pt: { a: 'ã', e: 'ê', o: 'õ', c: 'ç', u: 'ú' },
  it: { a: 'à', e: 'è', i: 'ì', o: 'ò', u: 'ù' },
  ro: { a: 'ă', i: 'î', s: 'ș', t: 'ț' },
  cs: { c: 'č', e: 'ě', r: 'ř', s: 'š', z: 'ž', u: 'ů' },
  pl: { a: 'ą', c: 'ć', e: 'ę', l: 'ł', n: 'ń', o: 'ó', s: 'ś', z: 'ż' },
  tr: { c: 'ç', g: 'ğ', i: 'ı', o: 'ö', s: 'ş', u: 'ü' },
  hu: { a: 'á', e: 'é', o: 'ő', u: 'ű' },
  da: { a: 'å', o: 'ø', e: 'æ' },
  no: { a: 'å', o: 'ø', e: 'æ' },
  sv: { a: 'å', o: 'ö', e: 'ä' },
  fi: { a: 'ä', o: 'ö' },
  nl: { e: 'ë', i: 'ï' },
  vi: { a: 'ắ', e: 'ế', o: 'ơ', u: 'ư', d: 'đ' },
  id: {},
  ru: cyrillic(),
  uk: { ...cyrillic(), i: 'і', y: 'ї' },
  bg: cyrillic(),
  el: {
    a: 'α',
    b: 'β',
    g: 'γ',
    d: 'δ',
    e: 'ε',
    z: 'ζ',
    h: 'η',
    i: 'ι',
    k: 'κ',
    l: 'λ',
    m: 'μ',
    n: 'ν',
    x: 'ξ',
    o: 'ο',
    p: 'π',
    r: 'ρ',
    s: 'σ',
    t: 'τ',
    u: 'υ',
    f: 'φ',
    c: 'χ',
    w: 'ω',
    y: 'ψ',
  },
}

function cyrillic(): Record<string, string> {
  return {
    a: 'а',
    b: 'б',
    v: 'в',
    g: 'г',
    d: 'д',
    e: 'е',
    z: 'з',
    i: 'и',
    j: 'й',
    k: 'к',
    l: 'л',
    m: 'м',
    n: 'н',
    o: 'о',
    p: 'п',
    r: 'р',
    s: 'с',
    t: 'т',
    u: 'у',
    f: 'ф',
    h: 'х',
    c: 'ц',
    w: 'ш',
    y: 'ы',
    x: 'кс',
    q: 'к',
  }
}

/** Languages written in another script get a marker around each unknown word instead. */
const MARKERS: Record<string, readonly [string, string]> = {
  ar: ['‹', '›'],
  he: ['‹', '›'],
  hi: ['॥', '॥'],
  ja: ['「', '」'],
  ko: ['〈', '〉'],
  th: ['«', '»'],
  zh: ['【', '】'],
}

/** Pieces kept verbatim: code, URLs, mentions, channels, emoji. Words are the other tokens. */
const TOKEN = /(```[\s\S]*?```|`[^`\n]*`|https?:\/\/[^\s<>]+|[@#][\p{L}\p{N}._-]+|:[a-z0-9_+-]+:|[\p{L}\p{N}']+)/gu

function matchCase(source: string, translated: string): string {
  if (source.length > 1 && source === source.toUpperCase() && source !== source.toLowerCase()) return translated.toUpperCase()
  if (source[0] && source[0] !== source[0].toLowerCase()) return translated[0]!.toUpperCase() + translated.slice(1)
  return translated
}

function translateWord(word: string, base: string): string {
  const lower = word.toLowerCase()
  const known = DICTIONARIES[base]?.[lower]
  if (known !== undefined) return matchCase(word, known)
  if (/^[\p{N}']+$/u.test(word)) return word
  const letters = LETTERS[base]
  if (letters) {
    let out = ''
    for (const ch of word) {
      const mapped = letters[ch.toLowerCase()]
      out += mapped === undefined ? ch : ch === ch.toLowerCase() ? mapped : mapped.toUpperCase()
    }
    return out
  }
  const marker = MARKERS[base]
  return marker ? `${marker[0]}${word}${marker[1]}` : word
}

/**
 * Translate a message text into a language the provider supports (see `resolveLanguage`).
 * English (and English-looking text into English) comes back unchanged.
 */
export function translateText(text: string, language: string): string {
  const code = resolveLanguage(language) ?? language
  const base = code.split('-')[0]!.toLowerCase()
  if (base === 'en') return text
  return text.replace(TOKEN, (token) => {
    if (/^[`@#:]|^https?:/.test(token) && token.length > 1) return token
    return translateWord(token, base)
  })
}

/**
 * Write `translations[lang]` (and `attachments[i].translations[lang]`) for each target language
 * the provider supports, with `translationProvider`. Synchronous in the mock (the server does it
 * right after answering). Returns whether anything was written.
 */
export function translateInto(core: Core, message: Message, languages: string[]): boolean {
  const targets = languages.filter((lang) => resolveLanguage(lang) !== undefined)
  if (targets.length === 0) return false
  const translations: Record<string, string> = {}
  if (message.msg) for (const lang of targets) translations[lang] = translateText(message.msg, lang)
  const attachments = (message.attachments ?? []) as Array<Record<string, unknown>>
  const translatable = attachments.some((a) => typeof a.description === 'string' || typeof a.text === 'string')
  if (Object.keys(translations).length === 0 && !translatable) return false
  touchMessage(core, message, (m) => {
    if (Object.keys(translations).length > 0) {
      m.translations = { ...(m.translations ?? {}), ...translations }
      m.translationProvider = core.setting('AutoTranslate_ServiceProvider')
    }
    if (translatable) {
      m.attachments = attachments.map((a) => {
        const source = typeof a.description === 'string' ? a.description : typeof a.text === 'string' ? a.text : undefined
        if (source === undefined) return a
        const existing = (a.translations ?? {}) as Record<string, string>
        return { ...a, translations: { ...existing, ...Object.fromEntries(targets.map((lang) => [lang, translateText(source, lang)])) } }
      })
    }
  })
  return true
}
