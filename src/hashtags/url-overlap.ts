/**
 * The URL half of twitter-text's hashtag rule: a `#` inside a link (`https://example.org/#tag`,
 * `example.com/#tag`) is a fragment, not a hashtag. twitter-text finds every URL of the text with
 * nested-quantifier regexes and then drops hashtags that overlap one; run as regexes, those take
 * quadratic time or worse on inputs a page can hold (`a.a.a.…`), which a content script that
 * scans every page cannot afford. This file reaches the same outcome in linear time, and only
 * where it can matter: runs of non-space text around a candidate that hold a dot (no domain, no
 * URL), each scanned once with right-to-left dynamic programming in place of backtracking.
 *
 * tokenizer.test.ts, conformance.test.ts and differential.test.ts compare the outcome with
 * twitter-text's; tlds.ts and punycode-length.ts hold the parts of its URL check that need data.
 */
import {
  isAsciiLabelChar,
  isAsciiLetter,
  isBreak,
  isDigit,
  isDomainChar,
  isPathChar,
  isPathEnd,
  isQueryChar,
  isQueryEnd,
  isUrlBefore,
} from './char-classes.ts'
import { asciiLabelLength } from './punycode-length.ts'
import { tldEnd } from './tlds.ts'

/** A range [start, end) of the text: a hashtag candidate (start at its hash sign) or a URL entity. */
export interface Span {
  start: number
  end: number
}

const MAX_URL_LENGTH = 4096
const MAX_TCO_SLUG_LENGTH = 40

/**
 * Drops the candidates that twitter-text's extractHashtagsWithIndices drops for overlapping a URL
 * (`https://example.org/#tag`, `example.com/#tag`), with the same outcome as running its
 * extractUrlsWithIndices over the whole text and then removeOverlappingEntities.
 *
 * Linear time. URL matches never contain a space-like character (isBreak), so the URL scan can
 * start fresh at the break before a candidate's run; only runs where a dot precedes a candidate are
 * scanned (a URL holding a `#` has its domain, hence a dot, before it; a `＃` can also sit in a
 * domain label, so a run with one is scanned when it has a dot anywhere). The regexes are
 * simulated with right-to-left dynamic programming instead of backtracking, which twitter-text's
 * nested quantifiers make quadratic or worse on inputs like `a.a.a.…`.
 */
export function removeUrlOverlaps<T extends Span>(text: string, tags: T[]): T[] {
  if (text.indexOf('.') < 0) return tags
  const kept: T[] = []
  let scanned = 0 // runs before this index are done
  for (let i = 0; i < tags.length;) {
    const first = tags[i]!
    let runStart = first.start
    let dot = false // a dot before the first candidate of the run
    while (runStart > scanned && !isBreak(text.charCodeAt(runStart - 1))) {
      if (text.charCodeAt(--runStart) === 0x2e) dot = true
    }
    let runEnd = first.end
    let dotAfter = -1
    for (let c; runEnd < text.length && !isBreak((c = text.charCodeAt(runEnd))); runEnd++) {
      if (c === 0x2e && dotAfter < 0) dotAfter = runEnd
    }
    let j = i + 1
    let wide = false // a full-width hash sign is a domain character: its domain's dot comes after it
    for (; j < tags.length && tags[j]!.start < runEnd; j++) {
      if (text.charCodeAt(tags[j]!.start) === 0xff03) wide = true
    }
    if (text.charCodeAt(first.start) === 0xff03) wide = true
    if (dot || (dotAfter >= 0 && (wide || dotAfter < tags[j - 1]!.start))) {
      sweep(tags, i, j, urlEntities(text, runStart, runEnd, tags, i, j), kept)
    } else for (let k = i; k < j; k++) kept.push(tags[k]!)
    scanned = runEnd
    i = j
  }
  return kept
}

/**
 * Every URL entity twitter-text's extractUrlsWithIndices returns for `text`, in order, in linear
 * time. The tokenizer only needs the ones near hashtags; this serves tests and other callers.
 */
export function findUrls(text: string): Span[] {
  const urls: Span[] = []
  if (text.indexOf('.') < 0) return urls
  for (let start = 0, end = 0; start < text.length; start = end + 1) {
    end = start
    while (end < text.length && !isBreak(text.charCodeAt(end))) end++
    // a pseudo-candidate covering the whole run makes every URL of the run count
    if (end > start)
      for (const url of urlEntities(text, start, end, [{ start, end }], 0, 1)) urls.push(url)
  }
  return urls
}

/**
 * removeOverlappingEntities over the candidates tags[from..to) and the URL entities, both sorted;
 * appends the candidates it keeps to `kept`.
 */
function sweep<T extends Span>(tags: T[], from: number, to: number, urls: Span[], kept: T[]): void {
  let prevEnd = -1
  let u = 0
  for (let k = from; k < to; k++) {
    const tag = tags[k]!
    // a URL starting at the same index as a candidate cannot exist (URLs never start with a hash)
    while (u < urls.length && urls[u]!.start < tag.start) {
      if (prevEnd <= urls[u]!.start) prevEnd = urls[u]!.end
      u++
    }
    if (prevEnd <= tag.start) {
      kept.push(tag)
      prevEnd = tag.end
    }
  }
}

/**
 * The URL entities of twitter-text's extractUrlsWithIndices that start in [runStart, last
 * candidate end) and overlap a candidate (others cannot change which candidates survive).
 */
function urlEntities(
  text: string,
  runStart: number,
  runEnd: number,
  tags: Span[],
  from: number,
  to: number,
): Span[] {
  const best = domainEnds(text, runStart, runEnd)
  const domainAt = (i: number): number =>
    i >= runStart && i < runEnd ? best[i - runStart]! - 1 : -1
  const limit = tags[to - 1]!.end
  let foundProto = 0
  // (https?:\/\/)?(validDomain) at u: end of the domain or -1; the protocol length in foundProto
  const urlDomainAt = (u: number): number => {
    foundProto = protocolLength(text, u)
    const end = foundProto ? domainAt(u + foundProto) : -1
    if (end >= 0) return end
    foundProto = 0
    return domainAt(u)
  }
  const out: Span[] = []
  let t = from
  // extractUrl = (validUrlPrecedingChars)((https?:\/\/)?(validDomain)(?::port)?(\/path)?(\?query)?)
  for (let p = runStart > 0 ? runStart - 1 : 0; p < limit;) {
    // validUrlPrecedingChars: a character consumed before the URL, or (second choice) ^
    let url = isUrlBefore(text.charCodeAt(p)) ? p + 1 : -1
    let domainEnd = url < 0 ? -1 : urlDomainAt(url)
    if (domainEnd < 0 && p === 0) domainEnd = urlDomainAt((url = 0))
    if (domainEnd < 0) {
      p++
      continue
    }
    const before = url === p + 1 ? p : -1
    const proto = foundProto
    const domain = url + proto
    let end = domainEnd
    if (text.charCodeAt(end) === 0x3a && isDigit(text.charCodeAt(end + 1))) {
      end += 2
      while (isDigit(text.charCodeAt(end))) end++
    }
    const hasPath = text.charCodeAt(end) === 0x2f
    if (hasPath) end = pathEnd(text, end + 1)
    if (text.charCodeAt(end) === 0x3f) {
      const q = queryEnd(text, end + 1, runEnd)
      if (q > 0) end = q
    }
    p = end // the global regex resumes here, whether or not the URL is kept
    while (t < to && tags[t]!.end <= url) t++
    if (t === to || tags[t]!.start >= end) continue
    for (const entity of urlEntity(text, before, url, proto, domain, domainEnd, hasPath, end)) {
      out.push(entity)
    }
  }
  return out
}

/** The entities one extractUrl match yields after twitter-text's checks (none when invalid). */
function urlEntity(
  text: string,
  before: number,
  url: number,
  proto: number,
  domain: number,
  domainEnd: number,
  hasPath: boolean,
  end: number,
): Span[] {
  // isValidUrl: length with the default protocol, and idna.toAscii on the domain
  if ((proto || 8) + end - url > MAX_URL_LENGTH) return []
  const punycode = text.startsWith('xn--', domain)
  const ascii = !proto || punycode ? asciiDomains(text, domain, domainEnd) : []
  if (punycode && !ascii.length) return []
  if (!labelsFit(text, domain, domainEnd)) return []
  if (proto) {
    // t.co links keep only the slug and an optional query
    if (isTcoAt(text, domain)) {
      let slug = domain + 5
      while (
        slug < end &&
        (isDigit(text.charCodeAt(slug)) || isAsciiLetter(text.charCodeAt(slug)))
      ) {
        slug++
      }
      if (slug > domain + 5) {
        if (slug - domain - 5 > MAX_TCO_SLUG_LENGTH) return []
        let tcoEnd = slug
        if (text.charCodeAt(slug) === 0x3f) {
          const q = queryEnd(text, slug + 1, end)
          if (q > 0) tcoEnd = q
        }
        return [{ start: url, end: tcoEnd }]
      }
    }
    return [{ start: url, end }]
  }
  // no protocol: not after - _ . / ; only the ASCII domains count, the last one with the path
  if (before >= 0 && '-_./'.includes(text[before]!)) return []
  if (ascii.length && hasPath) ascii[ascii.length - 1]!.end = end
  return ascii
}

/**
 * isValidUrl's label check: every dot-separated label of the domain text[from, to) is 1 to 63
 * characters once punycode-encoded. An ASCII domain is its own encoding, so it is measured where
 * it stands; another goes through asciiLabelLength.
 */
function labelsFit(text: string, from: number, to: number): boolean {
  let label = from
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 0x2e
    if (c >= 0x80) break
    if (c !== 0x2e) continue
    if (i === label || i - label > 63) return false
    if (i === to) return true
    label = i + 1
  }
  for (const part of text.slice(from, to).split('.')) {
    const length = asciiLabelLength(part)
    if (length < 1 || length > 63) return false
  }
  return true
}

/** `t.co/` at i, case-insensitive as twitter-text's /^t\.co\//i (no other letter folds to these). */
function isTcoAt(text: string, i: number): boolean {
  return (
    (text.charCodeAt(i) | 0x20) === 0x74 &&
    text.charCodeAt(i + 1) === 0x2e &&
    (text.charCodeAt(i + 2) | 0x20) === 0x63 &&
    (text.charCodeAt(i + 3) | 0x20) === 0x6f &&
    text.charCodeAt(i + 4) === 0x2f
  )
}

/** Length of `https?://` at i (case-insensitive), or 0. */
function protocolLength(text: string, i: number): number {
  let j = i
  while (j < i + 4) if ((text.charCodeAt(j) | 0x20) !== 'http'.charCodeAt(j++ - i)) return 0
  if ((text.charCodeAt(j) | 0x20) === 0x73) j++
  return text.startsWith('://', j) ? j + 3 - i : 0
}

/**
 * Memory kept for domainEnds' and asciiDomains' answers (one is read while the other runs), for
 * runs of up to 4,096 characters (32 KB in all); a longer run gets an array of its own, so a
 * page with one huge run does not keep its size.
 */
const domainSpare = new Int32Array(4096)
const asciiSpare = new Int32Array(4096)

/**
 * `spare` with its first `length` elements 0, or a new array when it is too short: a new typed
 * array for every run cost more than finding the run's domains.
 */
function zeroed(spare: Int32Array, length: number): Int32Array {
  if (spare.length < length) return new Int32Array(length)
  spare.fill(0, 0, length)
  return spare
}

/**
 * For every index i of the run, the end of the validDomain match starting at i, stored as end + 1
 * at [i - runStart] (0: no match; the array may be longer than the run, and is only good until
 * the next call).
 * validDomain = validSubdomain* validDomainName TLD with labels `DC([-_]|DC)*DC` resp. `DC(-|DC)*DC`.
 * The regex takes as many subdomains as it can and backs off one label at a time until a name plus
 * TLD fits, so the answer at i is: the answer at the next label if the label at i can be a
 * subdomain, else a TLD after the label at i if it can be a domain name.
 */
function domainEnds(text: string, runStart: number, runEnd: number): Int32Array {
  const best = zeroed(domainSpare, runEnd - runStart) // end + 1, 0 for none
  let dot = -1
  let badSub = runEnd // first index >= i that is not a subdomain character
  let badName = runEnd // first index >= i that is not a domain-name character
  let lastIsDc = false // the label's last character (before the dot) is a domain character
  let tldAfterDot = -1
  let bestAfterDot = -1
  for (let i = runEnd - 1; i >= runStart; i--) {
    const c = text.charCodeAt(i)
    if (c === 0x2e) {
      dot = badSub = badName = i
      tldAfterDot = tldEnd(text, i + 1, text.length)
      bestAfterDot = i + 1 < runEnd ? best[i + 1 - runStart]! - 1 : -1
      lastIsDc = i > runStart && isDomainChar(text.charCodeAt(i - 1))
      continue
    }
    const dc = isDomainChar(c)
    if (!dc && c !== 0x2d && c !== 0x5f) badSub = i
    if (!dc && c !== 0x2d) badName = i
    if (!dc || dot < 0 || !lastIsDc) continue
    let end = badSub === dot ? bestAfterDot : -1
    if (end < 0 && badName === dot) end = tldAfterDot
    best[i - runStart] = end + 1
  }
  return best
}

/**
 * twitter-text's validAsciiDomain run globally over the domain text, with its quirk of locating
 * each match by `domain.indexOf(match, previousEnd)`. Same right-to-left scheme as domainEnds:
 * `(?:[-a-z0-9…]+\.)+TLD`, with `$` at the end of the domain.
 */
function asciiDomains(text: string, from: number, to: number): Span[] {
  const ends = zeroed(asciiSpare, to - from) // end + 1, 0 for none
  let dot = -1
  let bad = to
  let tldAfterDot = -1
  let endAfterDot = -1
  for (let i = to - 1; i >= from; i--) {
    const c = text.charCodeAt(i)
    if (c === 0x2e) {
      dot = bad = i
      tldAfterDot = tldEnd(text, i + 1, to)
      endAfterDot = i + 1 < to ? ends[i + 1 - from]! - 1 : -1
    } else if (!isAsciiLabelChar(c)) bad = i
    else if (dot >= 0 && bad === dot)
      ends[i - from] = (endAfterDot >= 0 ? endAfterDot : tldAfterDot) + 1
  }
  const out: Span[] = []
  let located = from
  for (let i = from; i < to;) {
    const e = ends[i - from]! - 1
    if (e < 0) {
      i++
      continue
    }
    const start = text.indexOf(text.slice(i, e), located)
    located = start + e - i
    out.push({ start, end: located })
    i = e
  }
  return out
}

/**
 * End of the path after a slash at i, as the greedy `validUrlPath*` settles. twitter-text splices
 * validUrlPathEndingChars (`[…]|balancedParens`) into validUrlPath without parentheses, so one
 * repetition is either the longest stretch of path characters and balanced parentheses that ends
 * with a path-ending character, or a lone parenthesis group. Once the first kind is used up (it
 * cannot match again after its last ending character), only directly following groups are added.
 */
function pathEnd(text: string, i: number): number {
  let end = i
  for (let j = i; ;) {
    const c = text.charCodeAt(j)
    if (isPathChar(c)) {
      j++
      if (isPathEnd(c)) end = j
    } else if (c === 0x28 && (j = parensEnd(text, j)) > 0) continue
    else break
  }
  for (let close; text.charCodeAt(end) === 0x28 && (close = parensEnd(text, end)) > 0;) end = close
  return end
}

/** validUrlBalancedParens at i: `\((?:P+|P*\(P+\)P*)\)` with P a path character; end or -1. */
function parensEnd(text: string, i: number): number {
  const a = pathRun(text, i + 1)
  if (a > i + 1 && text.charCodeAt(a) === 0x29) return a + 1
  if (text.charCodeAt(a) !== 0x28) return -1
  const b = pathRun(text, a + 1)
  if (b === a + 1 || text.charCodeAt(b) !== 0x29) return -1
  const c = pathRun(text, b + 1)
  return text.charCodeAt(c) === 0x29 ? c + 1 : -1
}

function pathRun(text: string, i: number): number {
  while (isPathChar(text.charCodeAt(i))) i++
  return i
}

/** End of `\?query` whose query starts at i (the last query-ending character), or -1. */
function queryEnd(text: string, i: number, limit: number): number {
  let last = -1
  for (; i < limit && isQueryChar(text.charCodeAt(i)); i++) {
    if (isQueryEnd(text.charCodeAt(i))) last = i + 1
  }
  return last
}
