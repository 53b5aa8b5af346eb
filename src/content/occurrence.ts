/** One flagged hashtag on the page, as the marks, the hit test, the keyboard and the card see it. */
import type { FoundTag } from './scanner.ts'

/** A flagged hashtag in one text node, with a live range over it. */
export interface Occurrence extends FoundTag {
  text: Text
  /** A live range over the hash sign and the tag. */
  range: Range
}
