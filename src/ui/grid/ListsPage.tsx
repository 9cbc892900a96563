/** `/c/:councilId/grid/lists`: the four lists and the volunteer loop (点单 → 派单 → 接单 → 评单) with points. */
import { A } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { listsCsv, listsJson } from '../../domain/grid/exports'
import { listsDocName } from '../../domain/grid/ids'
import { addOrderStep, closeProject, placeOrder, putListItem, readLists, type OrderView } from '../../domain/grid/lists'
import { maskName, maskPhone, RESOURCE_KINDS } from '../../domain/grid/schema'
import { shanghaiDay, shanghaiMinute } from '../../domain/grid/time'
import { t, type MessageKey } from '../../i18n'
import { CouncilGate } from '../CouncilGate'
import { Field } from '../Field'
import { useMe } from '../meetings/useMeeting'
import { useCouncilAccess, useSession } from '../session'
import { useDocValue } from '../useDoc'
import { download } from '../download'
import { gridCaps, useGridDoc } from './useGrid'
import './grid.css'

export default function ListsPage() {
  return <CouncilGate reads="lists">{(c) => <Lists councilId={c} />}</CouncilGate>
}

function Lists(props: { councilId: string }) {
  const access = useCouncilAccess(() => props.councilId)
  const caps = () => gridCaps(access())
  const writable = () => !['none', 'read'].includes(access().level('lists'))
  const session = useSession()
  const me = useMe()
  const doc = useGridDoc(listsDocName(props.councilId), writable())
  const l = useDocValue(doc.handle.doc, doc.handle.ready, readLists)
  const d = () => doc.handle.doc
  const actor = () => ({ userId: me().userId, name: caps().staff ? me().name : maskName(session()?.user.name ?? '') })
  const [needTitle, setNeedTitle] = createSignal('')
  const [resName, setResName] = createSignal('')
  const [resKind, setResKind] = createSignal<(typeof RESOURCE_KINDS)[number]>('volunteer')
  const [resOffer, setResOffer] = createSignal('')
  const [resPhone, setResPhone] = createSignal('')
  const [projTitle, setProjTitle] = createSignal('')
  const [service, setService] = createSignal('')
  const resourceName = (id: string) => l().resources.find((r) => r.id === id)?.name ?? id

  return (
    <div class="stack">
      <A href={`/c/${props.councilId}/grid`} class="back-link">
        ← {t('grid.back')}
      </A>
      <section class="card">
        <h1>{t('grid.lists')}</h1>
        <div class="row">
          <button
            class="btn btn--small"
            onClick={() => download(`lists-${shanghaiDay(Date.now())}.csv`, listsCsv(l()), 'text/csv;charset=utf-8')}
          >
            CSV
          </button>
          <button
            class="btn btn--small"
            onClick={() => download(`lists-${shanghaiDay(Date.now())}.json`, listsJson(l()), 'application/json')}
          >
            JSON
          </button>
        </div>
      </section>
      <section class="card" data-testid="orders">
        <h2>{t('grid.orders')}</h2>
        <Show when={writable()}>
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault()
              if (service().trim()) {
                placeOrder(d(), { service: service().trim(), detail: '' }, actor(), Date.now())
                setService('')
              }
            }}
          >
            <Field label={t('grid.order.service')} name="service" value={service()} onInput={setService} />
            <button class="btn btn--primary" type="submit" data-testid="order-submit">
              {t('grid.order.place')}
            </button>
          </form>
        </Show>
        <ul class="event-list">
          <For each={l().orders}>{(o) => <OrderRow o={o} />}</For>
        </ul>
      </section>
      <section class="card">
        <h2>{t('grid.list.needs')}</h2>
        <ul>
          <For each={l().needs}>
            {(n) => (
              <li>
                {n.title} <span class="tag">{t(`grid.needStatus.${n.status}` as MessageKey)}</span>
              </li>
            )}
          </For>
        </ul>
        <Show when={caps().manageLists}>
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault()
              if (needTitle().trim()) {
                putListItem(
                  d(),
                  'needs',
                  {
                    title: needTitle().trim(),
                    detail: '',
                    status: 'open',
                    createdBy: me().userId,
                    createdAt: Date.now(),
                  },
                  me().userId,
                )
                setNeedTitle('')
              }
            }}
          >
            <Field label={t('grid.need.title')} name="need" value={needTitle()} onInput={setNeedTitle} />
            <button class="btn" type="submit">
              {t('grid.add')}
            </button>
          </form>
        </Show>
      </section>
      <section class="card">
        <h2>{t('grid.list.resources')}</h2>
        <ul>
          <For each={l().resources}>
            {(r) => (
              <li>
                {r.name} <span class="tag">{t(`grid.resKind.${r.kind}` as MessageKey)}</span> {r.offer} {r.contact}{' '}
                <span class="muted">{t('grid.points', { n: l().points[r.id] ?? 0 })}</span>
              </li>
            )}
          </For>
        </ul>
        <Show when={caps().manageLists}>
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault()
              if (resName().trim()) {
                putListItem(
                  d(),
                  'resources',
                  {
                    kind: resKind(),
                    name: resName().trim(),
                    offer: resOffer().trim(),
                    contact: maskPhone(resPhone()),
                    createdBy: me().userId,
                    createdAt: Date.now(),
                  },
                  me().userId,
                )
                setResName('')
                setResOffer('')
                setResPhone('')
              }
            }}
          >
            <label class="field">
              <span>{t('grid.res.kind')}</span>
              <select
                class="grow"
                value={resKind()}
                onChange={(e) => setResKind(e.currentTarget.value as (typeof RESOURCE_KINDS)[number])}
              >
                <For each={RESOURCE_KINDS}>
                  {(k) => <option value={k}>{t(`grid.resKind.${k}` as MessageKey)}</option>}
                </For>
              </select>
            </label>
            <Field label={t('grid.res.name')} name="res" value={resName()} onInput={setResName} />
            <Field label={t('grid.res.offer')} name="offer" value={resOffer()} onInput={setResOffer} />
            <Field label={t('grid.res.phone')} name="phone" value={resPhone()} onInput={setResPhone} inputmode="tel" />
            <button class="btn" type="submit">
              {t('grid.add')}
            </button>
          </form>
        </Show>
      </section>
      <section class="card">
        <h2>{t('grid.list.projects')}</h2>
        <ul>
          <For each={l().projects}>
            {(p) => (
              <li>
                {p.title} <span class="tag">{t(`grid.projStatus.${p.status}` as MessageKey)}</span>{' '}
                <span class="muted">
                  {p.needIds.length} / {p.resourceIds.map(resourceName).join('、')}
                </span>
                <Show when={caps().manageLists && p.status !== 'closed'}>
                  {' '}
                  <button
                    class="btn btn--small"
                    onClick={() => {
                      const o = prompt(t('grid.proj.outcome'))
                      if (o) closeProject(d(), p.id, o, 0, me().userId, Date.now())
                    }}
                  >
                    {t('grid.proj.close')}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={caps().manageLists}>
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault()
              if (projTitle().trim()) {
                putListItem(
                  d(),
                  'projects',
                  {
                    title: projTitle().trim(),
                    needIds: l()
                      .needs.filter((n) => n.status === 'open')
                      .map((n) => n.id),
                    resourceIds: l()
                      .resources.map((r) => r.id)
                      .slice(0, 5),
                    status: 'active',
                    createdBy: me().userId,
                    createdAt: Date.now(),
                  },
                  me().userId,
                )
                setProjTitle('')
              }
            }}
          >
            <Field label={t('grid.proj.title')} name="proj" value={projTitle()} onInput={setProjTitle} />
            <button class="btn" type="submit">
              {t('grid.proj.add')}
            </button>
          </form>
        </Show>
      </section>
      <section class="card">
        <h2>{t('grid.list.results')}</h2>
        <ul>
          <For each={l().results}>
            {(x) => (
              <li>
                {shanghaiDay(x.closedAt)} {l().projects.find((p) => p.id === x.projectId)?.title}: {x.outcome}
              </li>
            )}
          </For>
        </ul>
      </section>
    </div>
  )

  function OrderRow(p: { o: OrderView }) {
    const [vol, setVol] = createSignal('')
    const volunteers = () => l().resources.filter((r) => r.kind === 'volunteer')
    return (
      <li class="event-item" data-testid="order-item" data-status={p.o.status}>
        <span class="event-item__title">{p.o.service}</span>
        <span class="tag">{t(`grid.orderStatus.${p.o.status}` as MessageKey)}</span>
        <span class="muted">
          {p.o.requesterName} · {shanghaiMinute(p.o.at)}
          {p.o.volunteerName ? ` → ${p.o.volunteerName}` : ''}
          {p.o.rating ? ` ${'★'.repeat(p.o.rating)}` : ''}
        </span>
        <Show when={caps().manageLists && p.o.status === 'requested'}>
          <select value={vol()} onChange={(e) => setVol(e.currentTarget.value)}>
            <option value="">{t('grid.order.pickVolunteer')}</option>
            <For each={volunteers()}>{(r) => <option value={r.id}>{r.name}</option>}</For>
          </select>
          <button
            class="btn btn--small"
            disabled={!vol()}
            onClick={() => {
              const r = volunteers().find((x) => x.id === vol())
              if (r)
                addOrderStep(
                  d(),
                  p.o.orderId,
                  {
                    kind: 'dispatch',
                    resourceId: r.id,
                    volunteerName: r.name,
                    ...(r.userId ? { volunteerUserId: r.userId } : {}),
                  },
                  actor(),
                  Date.now(),
                )
            }}
          >
            {t('grid.order.dispatch')}
          </button>
        </Show>
        <Show when={p.o.status === 'dispatched' && p.o.volunteerUserId === me().userId}>
          <button
            class="btn btn--small"
            onClick={() => addOrderStep(d(), p.o.orderId, { kind: 'accept' }, actor(), Date.now())}
          >
            {t('grid.order.accept')}
          </button>
        </Show>
        <Show
          when={
            (p.o.status === 'accepted' || p.o.status === 'dispatched') &&
            (p.o.volunteerUserId === me().userId || caps().manageLists)
          }
        >
          <button
            class="btn btn--small"
            onClick={() => addOrderStep(d(), p.o.orderId, { kind: 'done', note: '' }, actor(), Date.now())}
          >
            {t('grid.order.done')}
          </button>
        </Show>
        <Show when={p.o.status === 'done' && p.o.requesterId === me().userId}>
          <span class="stars">
            <For each={[1, 2, 3, 4, 5]}>
              {(n) => (
                <button
                  class="btn btn--small"
                  onClick={() => addOrderStep(d(), p.o.orderId, { kind: 'rate', rating: n }, actor(), Date.now())}
                >
                  {n}★
                </button>
              )}
            </For>
          </span>
        </Show>
      </li>
    )
  }
}
