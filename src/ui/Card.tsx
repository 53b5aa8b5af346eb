/**
 * The hover card: neutral, sourced background on one flagged hashtag. Every string is rendered as
 * text (Preact escapes it); links are made only from https URLs and open in a new tab without an
 * opener. The card is a non-modal dialog named by a heading that contains the hashtag.
 */
import type { ComponentChildren } from 'preact'
import type { Source } from '../index/types.ts'
import type { EntryView } from '../shared/messages.ts'
import { t } from '../shared/i18n.ts'
import { entrySourceIds } from '../index/entry-sources.ts'
import { KIND_MESSAGE, formatPartialDate, safeHttpsUrl, sourceLinkText } from './card-format.ts'

/** Props of {@link Card}. */
export interface CardProps {
  view: EntryView
  /** The hashtag as written on the page, with its hash sign (e.g. `#SoftCoup` or `＃ＳｏｆｔＣｏｕｐ`). */
  tag: string
  onClose: () => void
  /** Id of the heading (unique in the card's tree); lets the host point aria-labelledby at it. */
  headingId?: string
  /** BCP 47 locale for dates; the browser's by default. */
  locale?: string
}

type Numbering = Map<string, number>

function Cite({
  ids,
  numbers,
  sources,
}: {
  ids: string[]
  numbers: Numbering
  sources: Record<string, Source>
}) {
  const cited = ids.filter((id) => numbers.has(id))
  if (cited.length === 0) return null
  const names = cited.map((id) => sources[id]?.publisher ?? id).join(', ')
  return (
    <span class="hc-cite" title={names} aria-label={t('cardCitedSources', names)}>
      [{cited.map((id) => numbers.get(id)).join(', ')}]
    </span>
  )
}

function SourceLink({ source, children }: { source: Source; children: ComponentChildren }) {
  const href = safeHttpsUrl(source.url)
  if (!href) return <span class="hc-unlinked">{children}</span>
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
      <span class="hc-sr">{` (${t('cardNewTab')})`}</span>
    </a>
  )
}

function KindBadge({ source }: { source: Source }) {
  return <span class={`hc-badge hc-kind-${source.kind}`}>{t(KIND_MESSAGE[source.kind])}</span>
}

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="hc-section">
      <h3>{title}</h3>
      {children}
    </section>
  )
}

/** The card's content for one entry (see module comment). */
export function Card({ view, tag, onClose, headingId = 'hc-heading', locale }: CardProps) {
  const { entry, sources } = view
  const numbers: Numbering = new Map()
  for (const id of entrySourceIds(entry)) if (sources[id]) numbers.set(id, numbers.size + 1)
  const date = (d: string | null, unknownKey: string) =>
    formatPartialDate(d, locale) ?? t(unknownKey)
  const excerpts = entry.excerpts.flatMap((ref) => {
    const source = sources[ref.source]
    const excerpt = source?.excerpts.find((x) => x.id === ref.excerpt)
    return source && excerpt ? [{ source, excerpt }] : []
  })

  return (
    <div class="hc-card" role="dialog" aria-labelledby={headingId} tabIndex={-1}>
      {/* div, not header/footer: outside sectioning content those are the page's banner and
          contentinfo landmarks, and the page has its own (axe: landmark-no-duplicate-*). */}
      <div class="hc-header">
        <h2 id={headingId} class="hc-heading">
          {t('cardHeading', tag)}
        </h2>
        <button type="button" class="hc-close" aria-label={t('cardClose')} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <p class="hc-title">{entry.title}</p>
      <p class="hc-summary">
        {entry.summary.text}{' '}
        <Cite ids={entry.summary.sources} numbers={numbers} sources={sources} />
      </p>

      {entry.timeline.length > 0 && (
        <Section title={t('cardTimeline')}>
          <ol class="hc-timeline">
            {entry.timeline.map((event, i) => (
              <li key={i}>
                <span class={event.date === null ? 'hc-date hc-unknown' : 'hc-date'}>
                  {date(event.date, 'cardDateUnknown')}
                </span>{' '}
                {event.event} <Cite ids={event.sources} numbers={numbers} sources={sources} />
              </li>
            ))}
          </ol>
        </Section>
      )}

      {entry.perspectives.length > 0 && (
        <Section title={t('cardPerspectives')}>
          <dl class="hc-perspectives">
            {entry.perspectives.map((p, i) => (
              <div key={i}>
                <dt>{p.label}</dt>
                <dd>
                  {p.text} <Cite ids={p.sources} numbers={numbers} sources={sources} />
                </dd>
              </div>
            ))}
          </dl>
        </Section>
      )}

      {excerpts.length > 0 && (
        <Section title={t('cardExcerpts')}>
          <div class="hc-excerpts">
            {excerpts.map(({ source, excerpt }) => (
              <figure key={`${source.id}/${excerpt.id}`} class="hc-excerpt">
                <blockquote cite={safeHttpsUrl(source.url) ?? undefined}>
                  {excerpt.quote}
                </blockquote>
                <figcaption>
                  <SourceLink source={source}>{source.publisher}</SourceLink>
                  {', '}
                  {date(source.published, 'cardDateNotConfirmed')} <KindBadge source={source} />
                </figcaption>
              </figure>
            ))}
          </div>
        </Section>
      )}

      {numbers.size > 0 && (
        <Section title={t('cardSources')}>
          <ol class="hc-sources">
            {[...numbers.keys()].map((id) => {
              const source = sources[id]
              if (!source) return null
              return (
                <li key={id} value={numbers.get(id)}>
                  <SourceLink source={source}>{sourceLinkText(source)}</SourceLink>
                  <span class="hc-meta">
                    {' — '}
                    {source.publisher}
                    {source.author !== null && `, ${t('cardByAuthor', source.author)}`}
                    {', '}
                    {date(source.published, 'cardDateNotConfirmed')}
                  </span>{' '}
                  <KindBadge source={source} />
                </li>
              )
            })}
          </ol>
        </Section>
      )}

      {view.related.length > 0 && (
        <Section title={t('cardRelated')}>
          <ul class="hc-related">
            {view.related.map((r) => (
              <li key={r.id}>
                {r.hashtag && <span class="hc-tag">#{r.hashtag} — </span>}
                {r.title}
              </li>
            ))}
          </ul>
        </Section>
      )}

      <div class="hc-footer">
        {t('cardIndexVersion', [
          view.index.version,
          formatPartialDate(view.index.reviewed, locale) ?? view.index.reviewed,
        ])}
      </div>
    </div>
  )
}
