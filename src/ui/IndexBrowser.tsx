/**
 * Browse and search the whole bundled fact index: what the extension knows, with the sources
 * each summary rests on. Search matches hashtags, aliases, titles and summary text, ignoring
 * case and character width (`＃ＳｏｆｔＣｏｕｐ` finds #SoftCoup).
 */
import { useMemo, useState } from 'preact/hooks'
import type { CompiledIndex, Entry, Source } from '../index/types.ts'
import { t } from '../shared/i18n.ts'
import { formatPartialDate, KIND_MESSAGE, safeHttpsUrl } from './card-format.ts'

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
export function IndexBrowser({ index }: { index: CompiledIndex }) {
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
            <EntryItem entry={entry} sources={index.sources} />
          </li>
        ))}
      </ul>
    </section>
  )
}

function EntryItem({ entry, sources }: { entry: Entry; sources: Record<string, Source> }) {
  const cited = entry.summary.sources
    .map((id) => sources[id])
    .filter((source): source is Source => source !== undefined)
  return (
    <article class="entry" aria-labelledby={`entry-${entry.id}`}>
      <h3 id={`entry-${entry.id}`}>{entry.title}</h3>
      <p class="entry-tags">
        {[...entry.hashtags, ...entry.aliases].map((tag) => `#${tag}`).join(' · ')}
      </p>
      <p>{entry.summary.text}</p>
      {cited.length > 0 && (
        <>
          <h4 class="sources-heading">{t('indexSources')}</h4>
          <ul class="sources">
            {cited.map((source) => (
              <li key={source.id}>
                <SourceItem source={source} />
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  )
}

/** "Title — Publisher, date (kind)"; a source with no confirmed title is named by its publisher. */
function SourceItem({ source }: { source: Source }) {
  const href = safeHttpsUrl(source.url)
  const published = formatPartialDate(source.published)
  const name = source.title ?? source.publisher
  const details = [source.title === null ? null : source.publisher, published]
    .filter((part) => part !== null)
    .join(', ')
  return (
    <>
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {name}
        </a>
      ) : (
        name
      )}
      {details ? ` — ${details}` : ''}
      {` (${t(KIND_MESSAGE[source.kind])})`}
    </>
  )
}
