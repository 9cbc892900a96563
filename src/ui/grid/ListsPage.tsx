/** `/c/:councilId/grid/lists`: the four lists and the volunteer loop (点单 → 派单 → 接单 → 评单) with points. */
import { CheckField, FormError, SelectField, TextField } from '../form/Form'
import { gridRefusalText } from './refusals'
import type { Result } from '../../domain/result'
import type { ListsRefusal } from '../../domain/grid/lists'
import { A } from '@solidjs/router'
import { createResource, createSignal, For, type JSX, Show } from 'solid-js'
import { authedRequest } from '../../auth/session'
import { OrdersSection } from './OrdersSection'
import { listsCsv, listsJson } from '../../domain/grid/exports'
import { closeProject, createProject, putListItem, readLists } from '../../domain/grid/lists'
import { maskPhone, RESOURCE_KINDS } from '../../domain/grid/schema'
import { shanghaiDay } from '../../domain/grid/time'
import { t, type MessageKey } from '../../i18n'
import { CouncilGate } from '../CouncilGate'
import { useMe } from '../meetings/useMeeting'
import { useCouncilAccess } from '../session'
import { useDocValue } from '../useDoc'
import { download } from '../download'
import { gridCaps, useGridActor, useGridDoc } from './useGrid'
import './grid.css'
import { docName } from '../../domain/docTypes'
import { formatDate } from '../../i18n/dates'

export default function ListsPage() {
  return <CouncilGate reads="lists">{(c) => <Lists councilId={c} />}</CouncilGate>
}

function Lists(props: { councilId: string }) {
  const access = useCouncilAccess(() => props.councilId)
  const caps = () => gridCaps(access())
  const writable = () => !['none', 'read'].includes(access().level('lists'))
  const me = useMe()
  const doc = useGridDoc(docName('lists', props.councilId), writable())
  const l = useDocValue(doc.handle.doc, doc.handle.ready, readLists)
  const d = () => doc.handle.doc
  const actor = useGridActor(caps)
  const [needTitle, setNeedTitle] = createSignal('')
  // A refused write (bad record, a project not on this tablet) is said here; the form keeps its text.
  const [refusal, setRefusal] = createSignal('')
  const wrote = (r: Result<string, ListsRefusal>): boolean => {
    setRefusal(r.ok ? '' : gridRefusalText(r))
    return r.ok
  }
  const [resName, setResName] = createSignal('')
  const [resKind, setResKind] = createSignal<(typeof RESOURCE_KINDS)[number]>('volunteer')
  const [resOffer, setResOffer] = createSignal('')
  const [resPhone, setResPhone] = createSignal('')
  const [resUser, setResUser] = createSignal('')
  const [projTitle, setProjTitle] = createSignal('')
  const [projNeeds, setProjNeeds] = createSignal<string[]>([])
  // Accounts a resource can be linked to (managers list the council's members; online only).
  const [memberList] = createResource(
    () => (caps().manageLists ? props.councilId : null),
    async (id) => {
      try {
        const { body } = await authedRequest<{ members: Array<{ userId: string; name: string; pending?: boolean }> }>(
          `/api/councils/${id}/members`,
        )
        return body.members.filter((m) => !m.pending)
      } catch {
        return []
      }
    },
  )
  const members = () => [...new Map((memberList.latest ?? []).map((m) => [m.userId, m])).values()]
  const resourceName = (id: string) => l().resources.find((r) => r.id === id)?.name ?? id
  const addNeed = () => {
    if (!needTitle().trim()) return
    const r = putListItem(
      d(),
      'needs',
      { title: needTitle().trim(), detail: '', status: 'open', createdBy: me().userId, createdAt: Date.now() },
      me().userId,
    )
    if (wrote(r)) setNeedTitle('')
  }
  const addResource = () => {
    if (!resName().trim()) return
    const r = putListItem(
      d(),
      'resources',
      {
        kind: resKind(),
        name: resName().trim(),
        offer: resOffer().trim(),
        contact: maskPhone(resPhone()),
        ...(resUser() ? { userId: resUser() } : {}),
        createdBy: me().userId,
        createdAt: Date.now(),
      },
      me().userId,
    )
    if (!wrote(r)) return
    setResName('')
    setResUser('')
    setResOffer('')
    setResPhone('')
  }
  const addProject = () => {
    if (!projTitle().trim()) return
    const r = createProject(
      d(),
      {
        title: projTitle().trim(),
        needIds: projNeeds(),
        resourceIds: l()
          .resources.map((r) => r.id)
          .slice(0, 5),
      },
      me().userId,
      Date.now(),
    )
    if (!wrote(r)) return
    setProjNeeds([])
    setProjTitle('')
  }

  return (
    <div class="stack">
      <A href={`/c/${props.councilId}/grid`} class="back-link">
        ← {t('grid.back')}
      </A>
      <section class="card">
        <h1>{t('grid.lists')}</h1>
        <FormError error={refusal()} testId="lists-refusal" />
        <div class="row">
          <button
            type="button"
            class="btn btn--small"
            onClick={() => download(`lists-${shanghaiDay(Date.now())}.csv`, listsCsv(l()), 'text/csv;charset=utf-8')}
          >
            CSV
          </button>
          <button
            type="button"
            class="btn btn--small"
            onClick={() => download(`lists-${shanghaiDay(Date.now())}.json`, listsJson(l()), 'application/json')}
          >
            JSON
          </button>
        </div>
      </section>
      <OrdersSection
        doc={d()}
        lists={l()}
        actor={actor()}
        writable={writable()}
        manager={caps().manageLists}
        staff={caps().staff}
        myHouseholds={access().memberships.flatMap((m) => m.scope.households ?? [])}
      />
      <ListSection
        title={t('grid.list.needs')}
        items={l().needs}
        row={(n) => (
          <>
            {n.title} <span class="tag">{t(`grid.needStatus.${n.status}` as MessageKey)}</span>
          </>
        )}
        canAdd={caps().manageLists}
        addLabel={t('grid.add')}
        onAdd={addNeed}
      >
        <TextField label={t('grid.need.title')} name="need" value={needTitle()} onInput={setNeedTitle} />
      </ListSection>
      <ListSection
        title={t('grid.list.resources')}
        items={l().resources}
        row={(r) => (
          <>
            {r.name} <span class="tag">{t(`grid.resKind.${r.kind}` as MessageKey)}</span> {r.offer} {r.contact}{' '}
            <span class="muted">{t('grid.points', { n: l().points[r.id] ?? 0 })}</span>
          </>
        )}
        canAdd={caps().manageLists}
        addLabel={t('grid.add')}
        onAdd={addResource}
      >
        <SelectField
          label={t('grid.res.kind')}
          class="grow"
          value={resKind()}
          onChange={(v) => setResKind(v as (typeof RESOURCE_KINDS)[number])}
        >
          <For each={RESOURCE_KINDS}>{(k) => <option value={k}>{t(`grid.resKind.${k}` as MessageKey)}</option>}</For>
        </SelectField>
        <TextField label={t('grid.res.name')} name="res" value={resName()} onInput={setResName} />
        <TextField label={t('grid.res.offer')} name="offer" value={resOffer()} onInput={setResOffer} />
        <TextField label={t('grid.res.phone')} name="phone" value={resPhone()} onInput={setResPhone} inputmode="tel" />
        <SelectField
          label={t('grid.res.account')}
          name="account"
          class="grow"
          value={resUser()}
          onChange={(v) => setResUser(v)}
        >
          <option value="">{t('grid.res.noAccount')}</option>
          <For each={members()}>{(m) => <option value={m.userId}>{m.name}</option>}</For>
        </SelectField>
      </ListSection>
      <ListSection
        title={t('grid.list.projects')}
        items={l().projects}
        row={(p) => (
          <>
            {p.title} <span class="tag">{t(`grid.projStatus.${p.status}` as MessageKey)}</span>{' '}
            <span class="muted">
              {p.needIds.length} / {p.resourceIds.map(resourceName).join('、')}
            </span>
            <Show when={caps().manageLists && p.status !== 'closed'}>
              {' '}
              <button
                type="button"
                class="btn btn--small"
                onClick={() => {
                  const o = prompt(t('grid.proj.outcome'))
                  if (o) wrote(closeProject(d(), p.id, o, 0, me().userId, Date.now()))
                }}
              >
                {t('grid.proj.close')}
              </button>
            </Show>
          </>
        )}
        canAdd={caps().manageLists}
        addLabel={t('grid.proj.add')}
        onAdd={addProject}
      >
        <TextField label={t('grid.proj.title')} name="proj" value={projTitle()} onInput={setProjTitle} />
        <fieldset class="field" data-testid="project-needs">
          <legend>{t('grid.proj.needs')}</legend>
          <For each={l().needs.filter((n) => n.status === 'open')}>
            {(n) => (
              <CheckField
                label={n.title}
                checked={projNeeds().includes(n.id)}
                onChange={(on) => setProjNeeds((xs) => (on ? [...xs, n.id] : xs.filter((x) => x !== n.id)))}
              />
            )}
          </For>
        </fieldset>
      </ListSection>
      <ListSection
        title={t('grid.list.results')}
        items={l().results}
        row={(x) => (
          <>
            {formatDate(x.closedAt)} {l().projects.find((p) => p.id === x.projectId)?.title}: {x.outcome}
          </>
        )}
      />
    </div>
  )
}

/** One of the four lists: its items and, for managers, a one-row add form with the given fields. */
function ListSection<T>(props: {
  title: string
  items: readonly T[]
  row: (item: T) => JSX.Element
  canAdd?: boolean
  addLabel?: string
  onAdd?: () => void
  children?: JSX.Element
}) {
  return (
    <section class="card">
      <h2>{props.title}</h2>
      <ul>
        <For each={props.items}>{(item) => <li>{props.row(item)}</li>}</For>
      </ul>
      <Show when={props.canAdd}>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault()
            props.onAdd?.()
          }}
        >
          {props.children}
          <button class="btn" type="submit">
            {props.addLabel}
          </button>
        </form>
      </Show>
    </section>
  )
}
