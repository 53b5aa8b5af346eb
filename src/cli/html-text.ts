import { Parser } from 'htmlparser2'

/**
 * The visible text of an HTML document, and a map from its offsets back to the source, so the
 * CLI can report where in the file a hashtag stands.
 */
export interface HtmlText {
  text: string
  /** Offset in the HTML source of the character at `offset` in `text`. */
  sourceOffset: (offset: number) => number
}

/** Elements whose content a reader never sees (or the extension never scans). */
const HIDDEN = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'select',
  'iframe',
  'object',
])

/**
 * Elements that break a line when rendered: their edges separate words, so `<p>a</p><p>#b</p>`
 * reads as two lines, not as "a#b" (which would hide the hashtag).
 */
const BLOCK = new Set(
  (
    'address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure ' +
    'footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody ' +
    'td tfoot th thead tr ul caption body html'
  ).split(' '),
)

interface Segment {
  textStart: number
  sourceStart: number
  sourceEnd: number
  /** False for an entity or a separator: offsets inside map to its start. */
  exact: boolean
}

/** Extracts visible text: no head, script, style, template, form fields or `hidden` elements. */
export function htmlToText(html: string): HtmlText {
  let text = ''
  const segments: Segment[] = []
  let hiddenDepth = 0
  const hiddenStack: boolean[] = []

  const push = (piece: string, sourceStart: number, sourceEnd: number): void => {
    if (piece === '') return
    segments.push({
      textStart: text.length,
      sourceStart,
      sourceEnd,
      exact: sourceEnd - sourceStart + 1 === piece.length,
    })
    text += piece
  }
  const separate = (at: number): void => {
    if (text !== '' && !text.endsWith('\n')) push('\n', at, at)
  }

  const parser: Parser = new Parser(
    {
      onopentag(name, attributes) {
        const hides = HIDDEN.has(name) || 'hidden' in attributes
        hiddenStack.push(hides)
        if (hides) hiddenDepth++
        if (BLOCK.has(name)) separate(parser.startIndex)
      },
      onclosetag(name) {
        if (hiddenStack.pop()) hiddenDepth--
        if (BLOCK.has(name)) separate(parser.startIndex)
      },
      ontext(data) {
        if (hiddenDepth === 0) push(data, parser.startIndex, parser.endIndex)
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  )
  parser.end(html)

  return {
    text,
    sourceOffset: (offset) => {
      // Binary search for the last segment starting at or before offset.
      let lo = 0
      let hi = segments.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if (segments[mid]!.textStart <= offset) lo = mid
        else hi = mid - 1
      }
      const seg = segments[lo]
      if (!seg) return 0
      return seg.exact ? seg.sourceStart + (offset - seg.textStart) : seg.sourceStart
    },
  }
}
