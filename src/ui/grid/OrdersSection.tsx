/**
 * The volunteer loop on the lists page: 点单 (with the household, or 红色代办 on an elderly
 * resident's behalf with consent) → 派单 to a resource linked to an account (a volunteer, or a
 * 单位 through its contact account) → 接单 or 拒单 with a reason → 完成 by that volunteer → 评单
 * by the requester or the household's resident. Buttons show only to whom the server's rules
 * (src/domain/grid/writeRules.ts) let do that step.
 */
import { CheckField, FormError, SelectField, TextField } from '../form/Form'
import { gridRefusalText } from './refusals'
import { createSignal, For, Show } from 'solid-js'
import type * as Y from 'yjs'
import { householdText } from '../../domain/grid/exports'
import { addOrderStep, placeOrder, type ListsSnapshot, type OrderView } from '../../domain/grid/lists'
import { formatDateTime } from '../../i18n/dates'
import { t, type MessageKey } from '../../i18n'

const HOUSEHOLD = /^[0-9A-Za-z]{1,8}-[0-9A-Za-z]{1,8}-[0-9A-Za-z]{1,8}$/

export interface OrdersProps {
  doc: Y.Doc
  lists: ListsSnapshot
  actor: { userId: string; name: string }
  writable: boolean
  manager: boolean
  staff: boolean
  /** households this person lives in (membership scope): they may rate orders for them */
  myHouseholds: readonly string[]
}

export function OrdersSection(props: OrdersProps) {
  const [service, setService] = createSignal('')
  const [household, setHousehold] = createSignal(props.myHouseholds[0] ?? '')
  const [proxy, setProxy] = createSignal(false)
  const [error, setError] = createSignal('')
  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const hh = household().trim()
    if (!service().trim()) return
    if (hh && !HOUSEHOLD.test(hh)) return setError(t('grid.order.badHousehold'))
    if (proxy() && !hh) return setError(t('grid.order.proxyNeedsHousehold'))
    const r = placeOrder(
      props.doc,
      {
        service: service().trim(),
        detail: '',
        ...(hh ? { householdId: hh } : {}),
        ...(proxy() ? { proxy: true } : {}),
      },
      props.actor,
      Date.now(),
    )
    if (!r.ok) return setError(gridRefusalText(r))
    setService('')
    setProxy(false)
    setError('')
  }
  return (
    <section class="card" data-testid="orders">
      <h2>{t('grid.orders')}</h2>
      <Show when={props.writable}>
        <form class="row" data-testid="order-form" onSubmit={submit}>
          <TextField label={t('grid.order.service')} name="service" value={service()} onInput={setService} />
          <TextField
            label={t('grid.order.household')}
            name="household"
            value={household()}
            onInput={setHousehold}
            placeholder="3-1-0402"
          />
          <Show when={props.staff || props.lists.resources.some((r) => r.userId === props.actor.userId)}>
            <CheckField name="proxy" label={t('grid.order.proxy')} checked={proxy()} onChange={setProxy} />
          </Show>
          <button class="btn btn--primary" type="submit" data-testid="order-submit">
            {t('grid.order.place')}
          </button>
          <Show when={error()}>
            <p class="form__error" role="alert">
              {error()}
            </p>
          </Show>
        </form>
      </Show>
      <ul class="event-list">
        <For each={props.lists.orders}>{(o) => <OrderRow {...props} o={o} />}</For>
      </ul>
    </section>
  )
}

function OrderRow(props: OrdersProps & { o: OrderView }) {
  const [res, setRes] = createSignal('')
  const [declining, setDeclining] = createSignal(false)
  const [reason, setReason] = createSignal('')
  const o = () => props.o
  const me = () => props.actor.userId
  const mine = () => o().volunteerUserId === me()
  const [refused, setRefused] = createSignal('')
  const step = (input: Parameters<typeof addOrderStep>[2]) => {
    const r = addOrderStep(props.doc, o().orderId, input, props.actor, Date.now())
    setRefused(r.ok ? '' : gridRefusalText(r))
  }
  // Anyone who can be sent: resources with an account (volunteers, or a 单位's contact account).
  const dispatchable = () => props.lists.resources.filter((r) => r.userId)
  const mayRate = () =>
    o().status === 'done' &&
    (o().requesterId === me() || (o().householdId !== undefined && props.myHouseholds.includes(o().householdId!)))
  return (
    <li
      class="event-item"
      id={`order-${o().orderId}`}
      data-testid="order-item"
      data-status={o().status}
      data-service={o().service}
    >
      <span class="event-item__title">{o().service}</span>
      <span class="tag" data-testid="order-status">
        {t(`grid.orderStatus.${o().status}` as MessageKey)}
      </span>
      <Show when={o().proxy}>
        <span class="tag">{t('grid.order.proxyTag')}</span>
      </Show>
      <span class="muted">
        {o().householdId ? `${householdText(o().householdId!)} · ` : ''}
        {o().requesterName} · {formatDateTime(o().at)}
        {o().volunteerName ? ` → ${o().volunteerName}` : ''}
        {o().rating ? ` ${'★'.repeat(o().rating!)}` : ''}
      </span>
      <Show when={o().declineReason}>
        <span class="muted" data-testid="decline-reason">
          {t('grid.order.declined', { reason: o().declineReason! })}
        </span>
      </Show>
      <Show when={props.manager && (o().status === 'requested' || o().status === 'declined')}>
        <SelectField
          label={t('grid.order.dispatchTo')}
          placeholder={t('grid.order.pickVolunteer')}
          selectTestId="dispatch-to"
          value={res()}
          options={dispatchable().map((r) => ({
            value: r.id,
            label: `${r.name}（${t(`grid.resKind.${r.kind}` as MessageKey)}）`,
          }))}
          onChange={setRes}
        />
        <button
          type="button"
          class="btn btn--small"
          data-testid="dispatch"
          disabled={!res()}
          onClick={() => {
            const r = dispatchable().find((x) => x.id === res())
            if (r) step({ kind: 'dispatch', resourceId: r.id, volunteerName: r.name, volunteerUserId: r.userId! })
          }}
        >
          {t('grid.order.dispatch')}
        </button>
      </Show>
      <Show when={mine() && o().status === 'dispatched'}>
        <button
          type="button"
          class="btn btn--small btn--primary"
          data-testid="order-accept"
          onClick={() => step({ kind: 'accept' })}
        >
          {t('grid.order.accept')}
        </button>
        <button type="button" class="btn btn--small" data-testid="order-decline" onClick={() => setDeclining(true)}>
          {t('grid.order.decline')}
        </button>
        <Show when={declining()}>
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault()
              if (!reason().trim()) return
              step({ kind: 'decline', reason: reason().trim() })
              setDeclining(false)
            }}
          >
            <TextField
              label={t('grid.order.declineReason')}
              name="reason"
              value={reason()}
              onInput={setReason}
              maxLength={200}
            />
            <button class="btn btn--small" type="submit" data-testid="decline-submit">
              {t('grid.order.decline')}
            </button>
          </form>
        </Show>
      </Show>
      <Show when={mine() && o().status === 'accepted'}>
        <button
          type="button"
          class="btn btn--small btn--primary"
          data-testid="order-done"
          onClick={() => step({ kind: 'done', note: '' })}
        >
          {t('grid.order.done')}
        </button>
      </Show>
      <Show when={mayRate()}>
        <span class="stars">
          <For each={[1, 2, 3, 4, 5]}>
            {(n) => (
              <button
                type="button"
                class="btn btn--small"
                data-testid={`rate-${n}`}
                onClick={() => step({ kind: 'rate', rating: n })}
              >
                {n}★
              </button>
            )}
          </For>
        </span>
      </Show>
      <FormError error={refused()} testId="order-step-refusal" />
    </li>
  )
}
