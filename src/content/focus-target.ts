/**
 * "Is this focused element a flagged hashtag?": an element whose own short text is one hashtag
 * and nothing else (a hashtag link). Its mark's range anchors the card where the scan marked it;
 * a hashtag split across elements (`<s>#</s><b>Tag</b>`), which the scan does not join, is
 * looked up on its own and anchored to the whole element.
 */
import { normalizeTag } from '../hashtags/normalize.ts'
import { findHashtags, mayContainHashtag } from '../hashtags/tokenizer.ts'
import type { FocusTarget } from './focus-watch.ts'
import type { Occurrence } from './occurrence.ts'
import { isInSkippedRegion } from './skip.ts'

/** Longest element text considered for "this focused element is a hashtag". */
const MAX_FOCUS_TEXT = 200

/** What the focus path needs of the rest of the content script. */
export interface FocusTargetDeps {
  /** The occurrences marked in one text node. */
  of: (text: Text) => readonly Occurrence[]
  /** The cached lookup of a key: entry id, null (not flagged), undefined (not asked yet). */
  lookup: (key: string) => string | null | undefined
  /** Looks a key up (cached like the scan's own lookups). */
  resolveKey: (key: string) => Promise<string | null>
}

function targetIn(
  deps: FocusTargetDeps,
  el: Element,
  key: string,
  entryId: string,
  text: string,
): FocusTarget {
  const doc = el.ownerDocument
  const walker = doc.createTreeWalker(el, NodeFilter.SHOW_TEXT)
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const occ = deps.of(t as Text).find((o) => o.key === key)
    if (occ) return { entryId, written: occ.range.toString(), anchor: occ.range, occurrence: occ }
  }
  const anchor = doc.createRange()
  anchor.selectNodeContents(el)
  return { entryId, written: text, anchor, occurrence: null }
}

/** The flagged hashtag `el`'s own text is, or null (a promise when the key must be looked up). */
export function focusTarget(
  deps: FocusTargetDeps,
  el: Element,
): FocusTarget | null | Promise<FocusTarget | null> {
  if (el.childElementCount > 4) return null
  const raw = el.textContent ?? ''
  if (raw.length > MAX_FOCUS_TEXT || !mayContainHashtag(raw) || isInSkippedRegion(el)) return null
  const text = raw.trim()
  const [m, extra] = findHashtags(text)
  if (!m || extra || m.start !== 0 || m.end !== text.length) return null
  const key = normalizeTag(m.tag)
  const known = deps.lookup(key)
  if (known === undefined) {
    return deps.resolveKey(key).then((id) => (id ? targetIn(deps, el, key, id, text) : null))
  }
  return known ? targetIn(deps, el, key, known, text) : null
}
