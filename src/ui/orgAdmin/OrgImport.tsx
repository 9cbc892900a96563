/**
 * Importing the tree from a spreadsheet: choose a CSV or .xlsx (made CSV here with the roll import's
 * exceljs reader) → the server checks it against the stored tree (dry run) → either every bad line
 * with its reason in this device's language, nothing changed, or a preview of what would change
 * (src/domain/org/importPlan.ts) → confirm → imported. Same all-or-nothing rule on the server.
 */
import { createSignal, For, Match, Show, Switch } from 'solid-js'
import { authedRequest } from '../../auth/session'
import { ORG_COLUMN_LABELS, type OrgImportError } from '../../domain/org/csv'
import type { OrgImportPlan } from '../../domain/org/importPlan'
import type { OrgNode } from '../../domain/org/schema'
import { looksLikeXlsx, xlsxToCsv } from '../../domain/roll/xlsx'
import { localized, t } from '../../i18n'
import { FileButton } from '../form/Form'
import { kindLabel } from '../org/Figures'
import { toBase64 } from '../roll/RollImport'
import { orgErrorText } from './orgApi'

interface Summary {
  nodes: number
  councils: number
}
type Answer = (Summary & { dryRun?: boolean; plan?: OrgImportPlan }) | { error: { code: string; details?: unknown } }

type Step =
  | { kind: 'idle' }
  | { kind: 'busy'; label: 'orgadmin.checking' | 'orgadmin.importing' }
  | { kind: 'preview'; csvBase64: string; plan: OrgImportPlan }
  | { kind: 'errors'; errors: OrgImportError[] }
  | { kind: 'done'; summary: Summary }

class BadXlsx extends Error {}

const send = (csvBase64: string, dryRun: boolean) =>
  authedRequest<Answer>('/api/org/import', { method: 'POST', body: { csvBase64, dryRun } }, [422])

/** The 422 answer's lines, or null for any other refusal. */
function lineErrors(body: Answer): OrgImportError[] | null {
  if (!('error' in body) || body.error.code !== 'invalid-csv' || !Array.isArray(body.error.details)) return null
  return body.error.details as OrgImportError[]
}

export function OrgImport(props: { nodes: readonly OrgNode[]; onImported: () => Promise<void> }) {
  const [step, setStep] = createSignal<Step>({ kind: 'idle' })
  const [error, setError] = createSignal('')

  const check = async (file: File) => {
    setError('')
    setStep({ kind: 'busy', label: 'orgadmin.checking' })
    try {
      const bytes = new Uint8Array(await file.arrayBuffer())
      let csv = bytes
      if (looksLikeXlsx(bytes)) {
        try {
          csv = new TextEncoder().encode(await xlsxToCsv(bytes))
        } catch {
          throw new BadXlsx()
        }
      }
      const csvBase64 = toBase64(csv)
      const { body } = await send(csvBase64, true)
      const errors = lineErrors(body)
      if (errors) setStep({ kind: 'errors', errors })
      else if ('plan' in body && body.plan) setStep({ kind: 'preview', csvBase64, plan: body.plan })
      else throw new Error('unexpected answer')
    } catch (err) {
      setError(err instanceof BadXlsx ? t('import.badXlsx') : orgErrorText(err))
      setStep({ kind: 'idle' })
    }
  }
  const confirm = async (csvBase64: string) => {
    setStep({ kind: 'busy', label: 'orgadmin.importing' })
    try {
      const { body } = await send(csvBase64, false)
      const errors = lineErrors(body)
      if (errors) return setStep({ kind: 'errors', errors }) // the tree changed since the check
      if ('nodes' in body) setStep({ kind: 'done', summary: { nodes: body.nodes, councils: body.councils } })
      await props.onImported()
    } catch (err) {
      setError(orgErrorText(err))
      setStep({ kind: 'idle' })
    }
  }

  return (
    <section class="card stack" data-testid="org-import" aria-labelledby="org-import-title">
      <h2 id="org-import-title">{t('orgadmin.import')}</h2>
      <p class="muted">{t('orgadmin.importHint')}</p>
      <FileButton
        label={t('orgadmin.importChoose')}
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        testId="org-file"
        disabled={step().kind === 'busy'}
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
            <ImportPreview
              plan={s().plan}
              nodes={props.nodes}
              onCancel={() => setStep({ kind: 'idle' })}
              onConfirm={() => void confirm(s().csvBase64)}
            />
          )}
        </Match>
        <Match when={step().kind === 'errors' && (step() as Extract<Step, { kind: 'errors' }>)}>
          {(s) => <ImportErrors errors={s().errors} />}
        </Match>
        <Match when={step().kind === 'done' && (step() as Extract<Step, { kind: 'done' }>)}>
          {(s) => (
            <p class="ok" role="status" data-testid="org-import-done">
              {t('orgadmin.importDone', { nodes: s().summary.nodes, councils: s().summary.councils })}
            </p>
          )}
        </Match>
      </Switch>
    </section>
  )
}

function ImportPreview(props: {
  plan: OrgImportPlan
  nodes: readonly OrgNode[]
  onCancel: () => void
  onConfirm: () => void
}) {
  const p = () => props.plan
  /** a parent by name: from the file (new or changed nodes) or the stored tree */
  const nameOf = (id: string | null) =>
    id === null
      ? '—'
      : ([...p().added, ...p().changed.map((c) => c.node), ...props.nodes].find((n) => n.id === id)?.name ?? id)
  const changeText = (c: OrgImportPlan['changed'][number]) =>
    c.what
      .map((w) =>
        w === 'name'
          ? t('orgadmin.change.name', { from: c.before.name, to: c.node.name })
          : w === 'kind'
            ? t('orgadmin.change.kind', { from: kindLabel(c.before.kind), to: kindLabel(c.node.kind) })
            : t('orgadmin.change.parent', { to: nameOf(c.node.parentId) }),
      )
      .join('；')
  return (
    <div class="stack" data-testid="org-import-preview">
      <p>{t('orgadmin.preview')}</p>
      <ul class="org-plan">
        <li data-testid="plan-added">{t('orgadmin.plan.added', { n: p().added.length })}</li>
        <li data-testid="plan-changed">{t('orgadmin.plan.changed', { n: p().changed.length })}</li>
        <li>{t('orgadmin.plan.unchanged', { n: p().unchanged })}</li>
        <li data-testid="plan-placed">{t('orgadmin.plan.placed', { n: p().placed.length })}</li>
        <Show when={p().alreadyPlaced > 0}>
          <li>{t('orgadmin.plan.alreadyPlaced', { n: p().alreadyPlaced })}</li>
        </Show>
      </ul>
      <Show when={p().added.length + p().changed.length > 0}>
        <ul class="member-list">
          <For each={p().added}>
            {(n) => (
              <li data-testid="plan-added-node">
                <span class="tag">{kindLabel(n.kind)}</span>
                <span translate="no">{n.name}</span>
              </li>
            )}
          </For>
          <For each={p().changed}>
            {(c) => (
              <li data-testid="plan-changed-node">
                <span class="tag">{kindLabel(c.node.kind)}</span>
                <span translate="no">{c.before.name}</span>
                <span class="muted">{changeText(c)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="dialog__actions">
        <button type="button" class="btn btn--ghost" onClick={() => props.onCancel()}>
          {t('orgadmin.importCancel')}
        </button>
        <button
          type="button"
          class="btn btn--primary"
          data-testid="org-import-confirm"
          onClick={() => props.onConfirm()}
        >
          {t('orgadmin.importConfirm')}
        </button>
      </div>
    </div>
  )
}

function ImportErrors(props: { errors: OrgImportError[] }) {
  return (
    <div class="stack" data-testid="org-import-errors">
      <p class="form__error" role="alert">
        {t('orgadmin.importErrors', { n: props.errors.length })}
      </p>
      <div class="org-table-wrap" role="region" tabindex="0" aria-label={t('orgadmin.import')}>
        <table class="roll-table">
          <thead>
            <tr>
              <th>{t('orgadmin.lineCol')}</th>
              <th>{t('orgadmin.column')}</th>
              <th>{t('orgadmin.reason')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.errors}>
              {(e) => (
                <tr data-testid="org-import-error" data-line={e.line} data-code={e.code}>
                  <td>{t('orgadmin.line', { line: e.line })}</td>
                  <td>{e.column ? localized(ORG_COLUMN_LABELS[e.column]) : ''}</td>
                  <td>{localized(e.message)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  )
}
