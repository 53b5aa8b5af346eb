/**
 * The options page's index packs: import a pack file (checked off the main thread with the same
 * schema as the build, pack.ts; nothing is stored on any error), and for each imported pack its
 * name, publisher, version, counts and review date, a switch, export back to a file, and removal.
 * A pack is a file the reader chooses: there is no download and no new permission.
 */
import { useEffect, useState } from 'preact/hooks'
import { formatBuildError } from '../index/format-error.ts'
import { MAX_PACK_BYTES } from '../index/pack.ts'
import { t } from '../shared/i18n.ts'
import {
  importPack,
  listPacks,
  onPacksChanged,
  readPackText,
  removePack,
  setPackEnabled,
  type ImportOutcome,
  type StoredPack,
} from '../shared/packs-store.ts'
import { formatPartialDate } from './card-format.ts'
import { checkPackOffThread } from './pack-check.ts'
import { Switch } from './Switch.tsx'

/** Problems listed for an invalid pack; the rest are counted. */
const SHOWN_ERRORS = 20

/** Bytes as MiB with one decimal (the unit of the caps), or KiB below a tenth of one. */
export function formatSize(bytes: number): string {
  const mib = bytes / (1024 * 1024)
  return mib >= 0.1 ? `${mib.toFixed(1)} MiB` : `${Math.max(1, Math.round(bytes / 1024))} KiB`
}

type Status =
  | { kind: 'busy'; text: string }
  | { kind: 'done'; text: string }
  | { kind: 'error'; text: string; problems?: string[]; more?: number }

/** The message for what an import did. */
function outcomeStatus(outcome: ImportOutcome): Status {
  switch (outcome.kind) {
    case 'added': {
      const { name, version, entries, tags } = outcome.pack
      return { kind: 'done', text: t('packsAdded', [name, version, String(entries), String(tags)]) }
    }
    case 'updated':
      return {
        kind: 'done',
        text: t('packsUpdated', [outcome.pack.name, outcome.from, outcome.pack.version]),
      }
    case 'unchanged':
      return { kind: 'done', text: t('packsUnchanged', [outcome.pack.name, outcome.pack.version]) }
    case 'older':
      return { kind: 'error', text: t('packsOlder', [outcome.version, outcome.have]) }
    case 'same-version':
      return { kind: 'error', text: t('packsSameVersion', [outcome.have]) }
    case 'full':
      return {
        kind: 'error',
        text: t('packsFull', [formatSize(outcome.bytes), formatSize(outcome.free)]),
      }
    case 'storage':
      return { kind: 'error', text: t('packsStorage', outcome.message) }
  }
}

/** Reads, checks and stores one chosen file; resolves to what to tell the reader. */
export async function importFile(file: File): Promise<Status> {
  if (file.size > MAX_PACK_BYTES) {
    // Refused before a byte is read: a 50 MB file costs nothing.
    return { kind: 'error', text: t('packsTooLarge', [file.name, formatSize(file.size)]) }
  }
  let text: string
  try {
    text = (await file.text()).replace(/^\uFEFF/, '')
  } catch (error) {
    return { kind: 'error', text: t('packsReadError', [file.name, String(error)]) }
  }
  const checked = await checkPackOffThread(text, file.name)
  if (!checked.ok) {
    const problems = checked.errors.map(formatBuildError)
    return {
      kind: 'error',
      text: t('packsInvalid', [file.name, String(problems.length)]),
      problems: problems.slice(0, SHOWN_ERRORS),
      more: Math.max(0, problems.length - SHOWN_ERRORS),
    }
  }
  // The checked pack's own canonical text is stored, not the file's (whitespace, key order).
  return outcomeStatus(await importPack(checked.pack))
}

/** Saves a stored pack back to a file, as it was imported. */
async function exportPack(pack: StoredPack): Promise<void> {
  const text = await readPackText(pack.id)
  if (text === null) return
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const link = document.createElement('a')
  link.href = url
  link.download = `${pack.id}-${pack.version}.json`
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** The index packs section; `onChange` gets the list whenever it changes. */
export function PackManager({ onChange }: { onChange?: (packs: StoredPack[]) => void }) {
  const [packs, setPacks] = useState<StoredPack[] | null>(null)
  const [status, setStatus] = useState<Status | null>(null)

  useEffect(() => {
    const controller = new AbortController()
    const refresh = (): void =>
      void listPacks().then((list) => {
        if (controller.signal.aborted) return
        setPacks(list)
        onChange?.(list)
      })
    refresh()
    onPacksChanged(refresh, controller.signal)
    return () => controller.abort()
  }, [])

  const choose = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0]
    if (!file) return
    setStatus({ kind: 'busy', text: t('packsChecking', file.name) })
    // A failure of the check itself (its worker could not start) still ends the wait, saying why.
    const result = await importFile(file).catch((error: unknown): Status => ({
      kind: 'error',
      text: t('packsReadError', [
        file.name,
        error instanceof Error ? error.message : String(error),
      ]),
    }))
    // The same file can be chosen again (after its publisher fixed it).
    input.value = ''
    setStatus(result)
  }

  return (
    <section aria-labelledby="packs-heading">
      <h2 id="packs-heading">{t('packsHeading')}</h2>
      <p class="hint">{t('packsHint')}</p>
      <div class="field">
        <label for="pack-file">{t('packsImport')}</label>
        <input
          id="pack-file"
          type="file"
          accept=".json,application/json"
          disabled={status?.kind === 'busy'}
          onChange={(event) => void choose(event.currentTarget)}
        />
      </div>
      <div role="status" aria-live="polite">
        {status?.kind === 'busy' && <p aria-busy="true">{status.text}</p>}
        {status?.kind === 'done' && <p class="note">{status.text}</p>}
      </div>
      {status?.kind === 'error' && (
        <div class="error" role="alert">
          <p>{status.text}</p>
          {status.problems && (
            <ul class="pack-problems">
              {status.problems.map((problem, i) => (
                <li key={i}>
                  <code>{problem}</code>
                </li>
              ))}
            </ul>
          )}
          {status.more ? <p>{t('packsMoreErrors', String(status.more))}</p> : null}
        </div>
      )}
      {packs === null ? null : packs.length === 0 ? (
        <p class="empty">{t('packsEmpty')}</p>
      ) : (
        <ul class="packs">
          {packs.map((pack) => (
            <PackItem key={pack.id} pack={pack} onRemoved={setStatus} />
          ))}
        </ul>
      )}
    </section>
  )
}

function PackItem({ pack, onRemoved }: { pack: StoredPack; onRemoved: (s: Status) => void }) {
  const headingId = `pack-${pack.id}`
  return (
    <li class="pack" aria-labelledby={headingId}>
      <h3 id={headingId}>{pack.name}</h3>
      <p class="hint">
        {t('packsDetails', [
          pack.publisher,
          pack.version,
          String(pack.entries),
          String(pack.tags),
          formatPartialDate(pack.reviewed) ?? pack.reviewed,
          formatSize(pack.bytes),
        ])}
      </p>
      <div class="pack-actions">
        <Switch
          label={t('packsUse')}
          checked={pack.enabled}
          describedBy={headingId}
          onChange={(enabled) => void setPackEnabled(pack.id, enabled)}
        />
        <button
          type="button"
          aria-label={t('packsExportLabel', pack.name)}
          onClick={() => void exportPack(pack)}
        >
          {t('packsExport')}
        </button>
        <button
          type="button"
          aria-label={t('packsRemoveLabel', pack.name)}
          onClick={() =>
            void removePack(pack.id).then(() =>
              onRemoved({ kind: 'done', text: t('packsRemoved', pack.name) }),
            )
          }
        >
          {t('packsRemove')}
        </button>
      </div>
    </li>
  )
}
