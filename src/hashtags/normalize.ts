/**
 * The key under which a hashtag is looked up: Unicode NFKC (so full-width `ＳｏｆｔＣｏｕｐ` and
 * compatibility forms meet their plain spelling), then lower case. Takes the tag without its
 * hash sign; a leading `#` or `＃` is dropped too, so both spellings give one key.
 */
export function normalizeTag(tag: string): string {
  const nfkc = tag.normalize('NFKC')
  const bare = nfkc.startsWith('#') ? nfkc.slice(1) : nfkc
  return bare.toLowerCase()
}
