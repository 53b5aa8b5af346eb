/**
 * The hover card: neutral, sourced background on one flagged hashtag. The first view is short
 * enough to read at a glance and to fit the viewport without scrolling: the title, the summary
 * cut to three lines, the number and kinds of sources and the number of excerpts. The timeline,
 * perspectives, excerpts and sources are one button away (a disclosure; Esc still closes the
 * card, from card-host.ts). Every string is rendered as text (Preact escapes it); links are made
 * only from https URLs. The card is a non-modal dialog named by a heading with the hashtag.
 */
import { Component } from 'preact'
import type { EntryView } from '../shared/messages.ts'
import { t } from '../shared/i18n.ts'
import { formatPartialDate } from './card-format.ts'
import {
  Cite,
  DisclosureButton,
  EntryDetailsPanel,
  EntryGlance,
  numberSources,
} from './EntryDetails.tsx'

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
  /** Open with the details shown (the reader's choice otherwise; collapsed by default). */
  expanded?: boolean
  /** The reader chose another entry of `view.choices`. */
  onChoose?: (id: string) => void
}

/**
 * The card's content for one entry (see module comment). A class component: the disclosure is
 * its only state, and preact/hooks would add a kilobyte to a content script that runs on every
 * page (bench/README.md, measure 6).
 */
export class Card extends Component<CardProps, { expanded: boolean }> {
  constructor(props: CardProps) {
    super(props)
    this.state = { expanded: props.expanded ?? false }
  }

  render() {
    const { view, tag, onClose, onChoose, headingId = 'hc-heading', locale } = this.props
    const { expanded } = this.state
    const { entry, sources, pack, choices } = view
    const numbers = numberSources(entry, sources)
    const detailsId = `${headingId}-details`

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
        {choices.length > 1 && (
          // Not a silent winner: every entry that explains the tag, one press away.
          <div class="hc-choices" role="group" aria-label={t('cardChoices')}>
            {choices.map((choice) => (
              <button
                type="button"
                class="hc-choice"
                key={choice.id}
                aria-pressed={choice.id === entry.id ? 'true' : 'false'}
                onClick={() => choice.id !== entry.id && onChoose?.(choice.id)}
              >
                {choice.pack ?? t('cardBundledIndex')}
              </button>
            ))}
          </div>
        )}
        <p class="hc-title">{entry.title}</p>
        <p class={expanded ? 'hc-summary' : 'hc-summary hc-clamped'}>
          {entry.summary.text}{' '}
          <Cite ids={entry.summary.sources} numbers={numbers} sources={sources} />
        </p>
        <EntryGlance entry={entry} sources={sources} />
        <DisclosureButton
          expanded={expanded}
          controls={detailsId}
          onToggle={() => this.setState({ expanded: !expanded })}
        />
        {/* The panel is always there for aria-controls; its content only while shown, so the
            links behind it are not in the Tab order of the collapsed card. */}
        <div id={detailsId} class="hc-details" hidden={!expanded}>
          {expanded && (
            <EntryDetailsPanel view={view} numbers={numbers} level={3} locale={locale} />
          )}
        </div>

        <div class="hc-footer">
          {pack
            ? t('cardPackFooter', [
                pack.name,
                pack.publisher,
                formatPartialDate(pack.reviewed, locale) ?? pack.reviewed,
              ])
            : t('cardIndexVersion', [
                view.index.version,
                formatPartialDate(view.index.reviewed, locale) ?? view.index.reviewed,
              ])}
        </div>
      </div>
    )
  }
}
