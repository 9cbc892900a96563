/**
 * One node, chosen in the tree: rename and move (parents of the kind right above only), a new child
 * node, delete (refused while it has child nodes or councils — said before asking the server, which
 * refuses too), its councils (communities) and its staff.
 */
import { createSignal, For, Show } from 'solid-js'
import { type OutlineRow, parentChoices, pathName } from '../../domain/org/outline'
import { ORG_ID_PATTERN, ORG_KINDS, type OrgKind } from '../../domain/org/schema'
import { t } from '../../i18n'
import { PrimaryButton, SelectField, TextField } from '../form/Form'
import { kindLabel } from '../org/Figures'
import { CouncilsPanel } from './CouncilsPanel'
import { useSubmit } from '../form/useSubmit'
import { deleteNode, newNodeId, type OrgAdminView, orgErrorText, putNode } from './orgApi'
import { StaffPanel } from './StaffPanel'

/** A status line under a form: done (green) or refused (red, announced). */
/**
 * An admin action on the tree: useSubmit's busy/error (org refusal codes translated) plus the
 * sentence the action answers on success.
 */
export function useOrgAction() {
  const submit = useSubmit(orgErrorText)
  const [ok, setOk] = createSignal('')
  const run = async (work: () => Promise<string>) => {
    if (submit.busy()) return
    setOk('')
    await submit.run(async () => setOk(await work()))
  }
  return { busy: submit.busy, error: submit.error, fail: submit.fail, ok, run }
}

export function Outcome(props: { ok: string; error: string; testId?: string }) {
  return (
    <>
      <Show when={props.error}>
        <p class="form__error" role="alert" data-testid={props.testId ? `${props.testId}-error` : undefined}>
          {props.error}
        </p>
      </Show>
      <Show when={props.ok && !props.error}>
        <p class="ok" role="status" data-testid={props.testId ? `${props.testId}-ok` : undefined}>
          {props.ok}
        </p>
      </Show>
    </>
  )
}

export function NodePanel(props: {
  row: OutlineRow
  view: OrgAdminView
  onChanged: () => Promise<void>
  onDeleted: (name: string) => Promise<void>
  onClose: () => void
}) {
  const node = () => props.row.node
  const [name, setName] = createSignal(node().name)
  const [parentId, setParentId] = createSignal(node().parentId ?? '')
  const { ok, error, busy, fail, run } = useOrgAction()
  const choices = () => parentChoices(props.view.nodes, node().kind)
  const childKind = (): OrgKind | null => ORG_KINDS[ORG_KINDS.indexOf(node().kind) + 1] ?? null

  const save = (e: Event) => {
    e.preventDefault()
    if (!name().trim()) return fail(t('orgadmin.nameNeeded'))
    if (node().kind !== 'district' && !parentId()) return fail(t('orgadmin.parentNeeded'))
    void run(async () => {
      await putNode(node().id, { kind: node().kind, name: name().trim(), parentId: parentId() || null })
      await props.onChanged()
      return t('orgadmin.saved')
    })
  }
  const remove = () => {
    // Said here, before the question: the server refuses the same (has-children / has-councils).
    if (props.row.children > 0) return fail(t('orgadmin.err.has-children'))
    if (props.row.councils.length > 0) return fail(t('orgadmin.err.has-councils'))
    if (!confirm(t('orgadmin.deleteConfirm', { name: node().name }))) return
    void run(async () => {
      const name = node().name
      await deleteNode(node().id)
      await props.onDeleted(name)
      return t('orgadmin.deleted', { name: node().name })
    })
  }

  return (
    <section class="card stack" data-testid="node-panel" data-node={node().id} aria-labelledby="node-panel-title">
      <div class="org-panel__head">
        <h2 id="node-panel-title">
          <span translate="no">{node().name}</span>（{kindLabel(node().kind)}）
        </h2>
        <button type="button" class="btn btn--ghost btn--small" onClick={() => props.onClose()}>
          {t('orgadmin.close')}
        </button>
      </div>
      <p class="muted">
        <span translate="no">{pathName(props.view.nodes, node().id)}</span> · {t('orgadmin.id')}{' '}
        <span translate="no" data-testid="node-id">
          {node().id}
        </span>
      </p>
      <form class="form" data-testid="node-edit" onSubmit={save}>
        <h3>{t('orgadmin.edit')}</h3>
        <TextField label={t('orgadmin.name')} name="name" maxLength={60} value={name()} onInput={setName} />
        <Show when={node().kind !== 'district'}>
          {/* options as children: the select then carries the value itself (the current parent shows) */}
          <SelectField label={t('orgadmin.parent')} name="parentId" value={parentId()} onChange={setParentId}>
            <For each={choices()}>
              {(n) => (
                <option value={n.id} selected={n.id === parentId()}>
                  {pathName(props.view.nodes, n.id)}
                </option>
              )}
            </For>
          </SelectField>
        </Show>
        <PrimaryButton disabled={busy()} testId="node-save">
          {t('orgadmin.save')}
        </PrimaryButton>
      </form>
      <button type="button" class="btn" disabled={busy()} data-testid="node-delete" onClick={remove}>
        {t('orgadmin.delete', { kind: kindLabel(node().kind) })}
      </button>
      <Outcome ok={ok()} error={error()} testId="node" />
      <Show when={childKind()}>
        {(kind) => <NewNodeForm kind={kind()} parentId={node().id} testId="new-child" onCreated={props.onChanged} />}
      </Show>
      <Show when={node().kind === 'community'}>
        <CouncilsPanel row={props.row} view={props.view} onChanged={props.onChanged} />
      </Show>
      <StaffPanel node={node()} />
    </section>
  )
}

/** A new district (parentId null) or a new child of a node: a name, an optional id. */
export function NewNodeForm(props: {
  kind: OrgKind
  parentId: string | null
  testId: string
  onCreated: () => Promise<void>
}) {
  const [name, setName] = createSignal('')
  const [id, setId] = createSignal('')
  const [ok, setOk] = createSignal('')
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const submit = async (e: Event) => {
    e.preventDefault()
    if (busy()) return
    setOk('')
    if (!name().trim()) return setError(t('orgadmin.nameNeeded'))
    if (id().trim() && !ORG_ID_PATTERN.test(id().trim())) return setError(t('orgadmin.badId'))
    setBusy(true)
    setError('')
    try {
      const created = name().trim()
      await putNode(id().trim() || newNodeId(props.kind), { kind: props.kind, name: created, parentId: props.parentId })
      setName('')
      setId('')
      await props.onCreated()
      setOk(t('orgadmin.added', { name: created }))
    } catch (err) {
      setError(orgErrorText(err))
    } finally {
      setBusy(false)
    }
  }
  const title = () =>
    props.parentId === null ? t('orgadmin.newDistrict') : t('orgadmin.addChild', { kind: kindLabel(props.kind) })
  return (
    <form class="form" data-testid={props.testId} onSubmit={(e) => void submit(e)}>
      <h3>{title()}</h3>
      <TextField label={t('orgadmin.name')} name="name" maxLength={60} value={name()} onInput={setName} />
      <TextField
        label={t('orgadmin.id')}
        name="id"
        maxLength={64}
        hint={t('orgadmin.idHint')}
        value={id()}
        onInput={setId}
      />
      <button type="submit" class="btn" disabled={busy()}>
        {t('orgadmin.add')}
      </button>
      <Outcome ok={ok()} error={error()} testId={props.testId} />
    </form>
  )
}
