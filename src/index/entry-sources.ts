import type { Entry } from './types.ts'

/**
 * The ids of the sources an entry rests on, each once, in the order a reader meets them: as
 * cited by the summary, timeline, perspectives and excerpts, then further reading. The card
 * numbers sources in this order; the background sends exactly these; the CLI lists them.
 */
export function entrySourceIds(entry: Entry): string[] {
  return [
    ...new Set([
      ...entry.summary.sources,
      ...entry.timeline.flatMap((event) => event.sources),
      ...entry.perspectives.flatMap((perspective) => perspective.sources),
      ...entry.excerpts.map((ref) => ref.source),
      ...entry.furtherReading,
    ]),
  ]
}
