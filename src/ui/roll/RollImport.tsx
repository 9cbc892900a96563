/**
 * Roll import (chair/secretary/admin): choose a CSV → the server checks it (dry run) → preview or the
 * list of errors → confirm → import → what changed. The server writes the roll doc; this page sees
 * the result arrive through sync like everyone else.
 */
import { createSignal, For, Match, Show, Switch } from 'solid-js'
import { authedRequest } from '../../auth/session'
import type { ApplyImportReport, ImportError, ImportPreview } from '../../domain/roll/importCsv'
import { columnLabel } from '../../domain/roll/rowSchema'
import { looksLikeXlsx, xlsxToCsv } from '../../domain/roll/xlsx'
import { localized, t } from '../../i18n'
import { errorText } from '../errorText'
import { FileButton } from '../form/Form'

type Counts = Omit<ApplyImportReport, 'notInFile'> & { notInFile: number | string[] }
type ImportResponse =
  | { ok: true; dryRun: boolean; preview: ImportPreview; plan?: Counts; report?: Counts }
  | { ok: false; errors: ImportError[] }

type Step =
  | { kind: 'idle' }
  | { kind: 'busy'; label: 'import.checking' | 'import.importing' }
  | { kind: 'preview'; csvBase64: string; preview: ImportPreview; plan: Counts | undefined }
  | { kind: 'errors'; errors: ImportError[] }
  | { kind: 'done'; report: Counts }

export function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

class BadXlsx extends Error {}

async function xlsxCsv(bytes: Uint8Array): Promise<string> {
  try {
    return await xlsxToCsv(bytes)
  } catch {
    throw new BadXlsx()
  }
}

const len = (x: number | string[]): number => (typeof x === 'number' ? x : x.length)

export function RollImport(props: { councilId: string }) {
  const [step, setStep] = createSignal<Step>({ kind: 'idle' })
  const [error, setError] = createSignal('')
  let fileInput: HTMLInputElement | undefined

  const send = (csvBase64: string, dryRun: boolean) =>
    authedRequest<ImportResponse>(
      `/api/councils/${props.councilId}/roll/import`,
      { method: 'POST', body: { csvBase64, dryRun } },
      [422],
    )

  const check = async (file: File) => {
    setError('')
    setStep({ kind: 'busy', label: 'import.checking' })
    try {
      const bytes = new Uint8Array(await file.arrayBuffer())
      // .xlsx becomes CSV here (exceljs loads only now), so the server has one format to check
      const csvBase64 = looksLikeXlsx(bytes)
        ? toBase64(new TextEncoder().encode(await xlsxCsv(bytes)))
        : toBase64(bytes)
      // Cleared so choosing the same (corrected or re-exported) file again fires a new change event.
      if (fileInput) fileInput.value = ''
      const { body } = await send(csvBase64, true)
      setStep(
        body.ok
          ? { kind: 'preview', csvBase64, preview: body.preview, plan: body.plan }
          : { kind: 'errors', errors: body.errors },
      )
    } catch (err) {
      if (fileInput) fileInput.value = ''
      setError(err instanceof BadXlsx ? t('import.badXlsx') : errorText(err))
      setStep({ kind: 'idle' })
    }
  }
  const confirm = async (csvBase64: string) => {
    setStep({ kind: 'busy', label: 'import.importing' })
    try {
      const { body } = await send(csvBase64, false)
      if (body.ok && body.report) setStep({ kind: 'done', report: body.report })
      else if (!body.ok) setStep({ kind: 'errors', errors: body.errors })
    } catch (err) {
      setError(errorText(err))
      setStep({ kind: 'idle' })
    }
  }
  const reset = () => {
    setStep({ kind: 'idle' })
    if (fileInput) fileInput.value = ''
  }

  return (
    <section class="card" data-testid="roll-import">
      <h2>{t('import.title')}</h2>
      <FileButton
        label={t('import.choose')}
        ref={(el) => {
          fileInput = el
        }}
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        testId="roll-file"
        onFiles={([f]) => {
          if (f) void check(f)
        }}
      />
      <Show when={error()}>
        <p class="form__error" role="alert">
          {error()}
        </p>
      </Show>
      <Switch>
        <Match when={step().kind === 'busy' && (step() as Extract<Step, { kind: 'busy' }>)}>
          {(s) => <p class="muted">{t(s().label)}</p>}
        </Match>
        <Match when={step().kind === 'preview' && (step() as Extract<Step, { kind: 'preview' }>)}>
          {(s) => (
            <div class="import-preview" data-testid="import-preview">
              <p>{t('import.preview')}</p>
              <dl class="totals">
                <div>
                  <dt>{t('roll.flats')}</dt>
                  <dd data-testid="preview-flats">{s().preview.flats}</dd>
                </div>
                <div>
                  <dt>{t('roll.heads')}</dt>
                  <dd data-testid="preview-heads">{s().preview.ownerHeads}</dd>
                </div>
                <div>
                  <dt>{t('roll.area')}</dt>
                  <dd data-testid="preview-area">{s().preview.totalArea} m²</dd>
                </div>
                <div>
                  <dt>{t('roll.residents')}</dt>
                  <dd>{s().preview.residents}</dd>
                </div>
              </dl>
              <Show when={s().plan}>
                {(p) => (
                  <p data-testid="import-plan">
                    {t('import.plan', {
                      added: p().added,
                      updated: p().updated,
                      unchanged: p().unchanged,
                      notInFile: len(p().notInFile),
                    })}
                  </p>
                )}
              </Show>
              <Show when={s().preview.sample.length > 0}>
                <h3>{t('import.sample')}</h3>
                <ul class="sample-list">
                  <For each={s().preview.sample}>
                    {(h) => (
                      <li>
                        {h.householdId} {h.ownerName}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <div class="dialog__actions">
                <button type="button" class="btn btn--ghost" onClick={reset}>
                  {t('import.cancel')}
                </button>
                <button
                  type="button"
                  class="btn btn--primary"
                  data-testid="import-confirm"
                  onClick={() => void confirm(s().csvBase64)}
                >
                  {t('import.confirm')}
                </button>
              </div>
            </div>
          )}
        </Match>
        <Match when={step().kind === 'errors' && (step() as Extract<Step, { kind: 'errors' }>)}>
          {(s) => (
            <div data-testid="import-errors">
              <p class="form__error">{t('import.errors', { n: s().errors.length })}</p>
              <table class="roll-table">
                <thead>
                  <tr>
                    <th>{t('import.lineCol')}</th>
                    <th>{t('import.column')}</th>
                    <th>{t('import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={s().errors}>
                    {(e) => (
                      <tr data-testid="import-error">
                        <td>{t('import.line', { line: e.line })}</td>
                        <td>{e.column ? localized(columnLabel(e.column)) : ''}</td>
                        <td>{localized(e.message)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <button type="button" class="btn" onClick={reset}>
                {t('import.cancel')}
              </button>
            </div>
          )}
        </Match>
        <Match when={step().kind === 'done' && (step() as Extract<Step, { kind: 'done' }>)}>
          {(s) => (
            <p class="ok" role="status" data-testid="import-done">
              {t('import.done', {
                added: s().report.added,
                updated: s().report.updated,
                unchanged: s().report.unchanged,
              })}
            </p>
          )}
        </Match>
      </Switch>
    </section>
  )
}
