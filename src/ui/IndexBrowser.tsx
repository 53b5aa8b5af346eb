/**
 * Browse and search the whole fact index, bundled and from turned-on packs: what the extension
 * knows. Each entry shows
 * what a card's first view shows (summary, kinds and counts of sources and excerpts), with the
 * same details one button away. Search matches hashtags, aliases, titles and summary text, ignoring
 * case and character width (`＃ＳｏｆｔＣｏｕｐ` finds #SoftCoup).
 */
import { useMemo, useState } from 'preact/hooks'
import { packIdOf } from '../index/catalog.ts'
import type { PackInfo } from '../index/pack.ts'
import type { CompiledIndex, Entry } from '../index/types.ts'
import { t } from '../shared/i18n.ts'
import {
  Cite,
  DisclosureButton,
  EntryDetailsPanel,
  EntryGlance,
  numberSources,
} from './EntryDetails.tsx'

/** Case- and width-folded text for matching; a leading hash sign is dropped from queries. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/** Entries matching `query` (all of them, by title, for an empty query). */
export function searchEntries(index: CompiledIndex, query: string): Entry[] {
  const entries = Object.values(index.entries).sort((a, b) => a.title.localeCompare(b.title))
  const folded = foldForSearch(query.trim()).replace(/^#/, '')
  if (!folded) return entries
  return entries.filter((entry) =>
    [...entry.hashtags, ...entry.aliases, entry.title, entry.summary.text].some((field) =>
      foldForSearch(field).includes(folded),
    ),
  )
}

/** The searchable list of every index entry. */
export function IndexBrowser({
  index,
  packs = new Map(),
}: {
  index: CompiledIndex
  /** The packs merged into `index` (catalog.ts), by id: each of their entries names its pack. */
  packs?: Map<string, PackInfo>
}) {
  const [query, setQuery] = useState('')
  const results = useMemo(() => searchEntries(index, query), [index, query])
  const total = Object.keys(index.entries).length
  return (
    <section class="index-browser" aria-labelledby="index-heading">
      <h2 id="index-heading">{t('indexHeading')}</h2>
      <p class="hint">{t('indexVersion', [index.version, index.reviewed])}</p>
      <div class="field">
        <label for="index-search">{t('indexSearchLabel')}</label>
        <input
          id="index-search"
          type="search"
          value={query}
          autocomplete="off"
          spellcheck={false}
          placeholder={t('indexSearchPlaceholder')}
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
      </div>
      <p class="result-count" role="status">
        {t('indexResultCount', [String(results.length), String(total)])}
      </p>
      <ul class="entries">
        {results.map((entry) => (
          <li key={entry.id}>
            <EntryItem entry={entry} index={index} pack={packs.get(packIdOf(entry.id) ?? '')} />
          </li>
        ))}
      </ul>
    </section>
  )
}

function EntryItem({
  entry,
  index,
  pack,
}: {
  entry: Entry
  index: CompiledIndex
  pack: PackInfo | undefined
}) {
  const [expanded, setExpanded] = useState(false)
  const headingId = `entry-${entry.id}`
  const detailsId = `${headingId}-details`
  const related = entry.related.flatMap((id) => {
    const other = index.entries[id]
    return other ? [{ id, title: other.title, hashtag: other.hashtags[0] ?? '' }] : []
  })
  const view = { entry, sources: index.sources, related }
  const numbers = numberSources(entry, index.sources)
  return (
    <article class="entry" aria-labelledby={headingId}>
      <h3 id={headingId}>{entry.title}</h3>
      {pack && <p class="entry-origin">{t('indexFromPack', [pack.name, pack.publisher])}</p>}
      <p class="entry-tags">
        {[...entry.hashtags, ...entry.aliases].map((tag) => `#${tag}`).join(' · ')}
      </p>
      <p>
        {entry.summary.text}{' '}
        <Cite ids={entry.summary.sources} numbers={numbers} sources={index.sources} />
      </p>
      {/* The card's own first view and details, drawn in the page (card.css, .hc-inline). */}
      <div class="hc-card hc-inline">
        <EntryGlance entry={entry} sources={index.sources} />
        <DisclosureButton
          expanded={expanded}
          controls={detailsId}
          onToggle={() => setExpanded(!expanded)}
        />
        <div id={detailsId} class="hc-details" hidden={!expanded}>
          {expanded && <EntryDetailsPanel view={view} numbers={numbers} level={4} />}
        </div>
      </div>
    </article>
  )
}
