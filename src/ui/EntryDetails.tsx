/**
 * The parts of an entry shared by the hover card and the options page's index browser: the
 * glance line (how many sources of which kinds, how many excerpts), the disclosure button, and
 * the details behind it (timeline, perspectives, excerpts, sources, related). Every string is
 * rendered as text; links are made only from https URLs and open without an opener.
 */
import type { ComponentChildren } from 'preact'
import type { Entry, Source } from '../index/types.ts'
import type { EntryView } from '../shared/messages.ts'
import { t } from '../shared/i18n.ts'
import { entrySourceIds } from '../index/entry-sources.ts'
import {
  KIND_MESSAGE,
  entryGlance,
  formatPartialDate,
  safeHttpsUrl,
  sourceLinkText,
} from './card-format.ts'

/** Source id -> the number the reader sees, in the order {@link entrySourceIds} gives. */
export type Numbering = Map<string, number>

/** Numbers the entry's sources that are present in `sources`, from 1. */
export function numberSources(entry: Entry, sources: Record<string, Source>): Numbering {
  const numbers: Numbering = new Map()
  for (const id of entrySourceIds(entry)) if (sources[id]) numbers.set(id, numbers.size + 1)
  return numbers
}

/** A citation marker such as [1, 2], named by the sources' publishers. */
export function Cite({
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

function KindBadge({ kind }: { kind: Source['kind'] }) {
  return <span class={`hc-badge hc-kind-${kind}`}>{t(KIND_MESSAGE[kind])}</span>
}

/** "4 sources: News · Reference — no archived excerpt": what the entry rests on, at a glance. */
export function EntryGlance({ entry, sources }: { entry: Entry; sources: Record<string, Source> }) {
  const glance = entryGlance(entry, sources)
  const sourceCount =
    glance.sourceCount === 1
      ? t('cardGlanceOneSource')
      : t('cardGlanceSources', String(glance.sourceCount))
  const excerptCount =
    glance.excerptCount === 0
      ? t('cardGlanceNoExcerpt')
      : glance.excerptCount === 1
        ? t('cardGlanceOneExcerpt')
        : t('cardGlanceExcerpts', String(glance.excerptCount))
  return (
    <p class="hc-glance">
      <span class="hc-glance-count">{sourceCount}</span>{' '}
      {glance.kinds.flatMap((kind) => [<KindBadge key={kind} kind={kind} />, ' '])}
      <span class={glance.excerptCount === 0 ? 'hc-glance-none' : 'hc-glance-count'}>
        {`· ${excerptCount}`}
      </span>
    </p>
  )
}

/**
 * The button that shows and hides the details (an ARIA disclosure: a real button, its state in
 * aria-expanded, the panel it controls in aria-controls). Its label stays the same; the state
 * is announced from aria-expanded and drawn by the chevron.
 */
export function DisclosureButton({
  expanded,
  controls,
  onToggle,
}: {
  expanded: boolean
  controls: string
  onToggle: () => void
}) {
  return (
    <button
      type="button"
      class="hc-more"
      aria-expanded={expanded ? 'true' : 'false'}
      aria-controls={controls}
      onClick={onToggle}
    >
      <span class="hc-chevron" aria-hidden="true">
        {expanded ? '▾' : '▸'}
      </span>{' '}
      {t('cardDetails')}
    </button>
  )
}

function Section({
  title,
  level,
  children,
}: {
  title: string
  level: 3 | 4
  children: ComponentChildren
}) {
  const Heading = level === 3 ? 'h3' : 'h4'
  return (
    <section class="hc-section">
      <Heading class="hc-section-heading">{title}</Heading>
      {children}
    </section>
  )
}

/** Props of {@link EntryDetailsPanel}. */
export interface EntryDetailsProps {
  view: Pick<EntryView, 'entry' | 'sources' | 'related'>
  numbers: Numbering
  /** Level of the section headings: 3 under the card's h2, 4 under the index browser's h3. */
  level: 3 | 4
  locale?: string
}

/** Timeline, perspectives, excerpts (or why there are none), sources and related entries. */
export function EntryDetailsPanel({ view, numbers, level, locale }: EntryDetailsProps) {
  const { entry, sources } = view
  const date = (d: string | null, unknownKey: string) =>
    formatPartialDate(d, locale) ?? t(unknownKey)
  const excerpts = entry.excerpts.flatMap((ref) => {
    const source = sources[ref.source]
    const excerpt = source?.excerpts.find((x) => x.id === ref.excerpt)
    return source && excerpt ? [{ source, excerpt }] : []
  })
  const cite = (ids: string[]) => <Cite ids={ids} numbers={numbers} sources={sources} />

  return (
    <>
      {entry.timeline.length > 0 && (
        <Section title={t('cardTimeline')} level={level}>
          <ol class="hc-timeline">
            {entry.timeline.map((event, i) => (
              <li key={i}>
                <span class={event.date === null ? 'hc-date hc-unknown' : 'hc-date'}>
                  {date(event.date, 'cardDateUnknown')}
                </span>{' '}
                {event.event} {cite(event.sources)}
              </li>
            ))}
          </ol>
        </Section>
      )}

      {entry.perspectives.length > 0 && (
        <Section title={t('cardPerspectives')} level={level}>
          <dl class="hc-perspectives">
            {entry.perspectives.map((p, i) => (
              <div key={i}>
                <dt>{p.label}</dt>
                <dd>
                  {p.text} {cite(p.sources)}
                </dd>
              </div>
            ))}
          </dl>
        </Section>
      )}

      <Section title={t('cardExcerpts')} level={level}>
        {excerpts.length > 0 ? (
          <div class="hc-excerpts">
            {excerpts.map(({ source, excerpt }) => (
              <figure key={`${source.id}/${excerpt.id}`} class="hc-excerpt">
                <blockquote cite={safeHttpsUrl(source.url) ?? undefined}>
                  {excerpt.quote}
                </blockquote>
                <figcaption>
                  <SourceLink source={source}>{source.publisher}</SourceLink>
                  {', '}
                  {date(source.published, 'cardDateNotConfirmed')} <KindBadge kind={source.kind} />
                </figcaption>
              </figure>
            ))}
          </div>
        ) : (
          <p class="hc-no-excerpt">{t('cardNoExcerpt')}</p>
        )}
      </Section>

      {numbers.size > 0 && (
        <Section title={t('cardSources')} level={level}>
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
                  <KindBadge kind={source.kind} />
                </li>
              )
            })}
          </ol>
        </Section>
      )}

      {view.related.length > 0 && (
        <Section title={t('cardRelated')} level={level}>
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
    </>
  )
}
