/**
 * The messages between the content script, the background and the extension pages.
 * Content scripts never hold the fact index (its size must not reach every page): they ask the
 * background with the normalised keys of the hashtags they found, and fetch one entry when a
 * card opens.
 */
import type { PackInfo } from '../index/pack.ts'
import type { CompiledIndex, Entry, Source } from '../index/types.ts'

/** A flagged hashtag on a page, as reported for the badge and the popup. */
export interface FlaggedTag {
  /** As written on the page, without the hash sign. */
  tag: string
  /** normalizeTag(tag): the lookup key. */
  key: string
  entryId: string
}

/** Everything a card shows for one entry, resolved by the background. */
export interface EntryView {
  entry: Entry
  /** The entry's cited and further-reading sources, keyed by id. */
  sources: Record<string, Source>
  /** Related entries' ids and titles, in the entry's order. */
  related: { id: string; title: string; hashtag: string }[]
  /** The index's version and latest review date. */
  index: Pick<CompiledIndex, 'version' | 'reviewed'>
  /** The imported pack the entry comes from; null for the bundled index. */
  pack: PackInfo | null
  /**
   * When other entries (bundled or from packs) explain the tag the card is for: every one of
   * them, this one included, in catalog order, with the pack each comes from (null: bundled).
   * Empty otherwise, and when no tag was given.
   */
  choices: { id: string; pack: string | null }[]
}

/** Content script or page -> background (runtime.sendMessage). */
export type BackgroundRequest =
  /** Which of these normalised keys are in the index? Reply: LookupReply. */
  | { type: 'lookup'; keys: string[] }
  /** Reply: EntryView, or null for an unknown id; `tag`: the hashtag the card is for (choices). */
  | { type: 'entry'; id: string; tag?: string }
  /** This frame's current flagged tags (replaces its previous report). Reply: void. */
  | { type: 'flagged'; tags: FlaggedTag[] }
  /** Popup: the flagged tags of a tab, per frame. Reply: TabState. */
  | { type: 'tab-state'; tabId: number }
  /**
   * Esc was pressed in a frame with no card open: a card open in another frame of the tab
   * closes too (the key goes to the focused frame only). Reply: void.
   */
  | { type: 'dismiss' }

/** key -> entry id for the keys that are in the index; absent keys are not. */
export interface LookupReply {
  found: Record<string, string>
}

export interface TabState {
  frames: { frameId: number; tags: FlaggedTag[] }[]
}

/** Background or popup -> content script (tabs.sendMessage). */
export type ContentRequest =
  /** Scroll the n-th flagged occurrence (page order) of this frame into view and open its card. */
  | { type: 'reveal'; nth: number }
  /** Keyboard command: move to the next (1) or previous (-1) flagged hashtag and open its card. */
  | { type: 'step'; direction: 1 | -1 }
  /** Reply: the frame's host name, for "turn off on this site". */
  | { type: 'host' }
  /** Close this frame's card, if one is open. Reply: whether one was. */
  | { type: 'dismiss' }

/** Narrows an unknown runtime message to a request of the given union, by its `type` tag. */
export function hasType<T extends { type: string }>(
  message: unknown,
  types: readonly T['type'][],
): message is T {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { type?: unknown }).type === 'string' &&
    types.includes((message as { type: string }).type)
  )
}
