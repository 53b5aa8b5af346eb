/**
 * Where imported index packs live in storage.local (never sync: packs are large, and a pack is
 * a reader's choice on one browser). Kept apart from packs-store.ts so the content script can
 * watch for changes without taking in the store.
 */

/** The list of imported packs (StoredPack[]): what each is and whether it is turned on. */
export const PACKS_KEY = 'packs'

/** The key of one pack's file text. */
export function packBodyKey(id: string): string {
  return `pack:${id}`
}
