/**
 * 今天要做的事 on the home screen: every item that needs the signed-in person today or is overdue,
 * across their councils, computed on this device from the docs it holds (offline too). Each row
 * names the place this person may see and links to where to act. Keeps the app badge in step and
 * shows the optional daily reminder (count only).
 */
import { SelectField } from '../form/Form'
import { A } from '@solidjs/router'
import { createEffect, createMemo, createSignal, For, Show } from 'solid-js'
import { councilAccess } from '../../auth/permissions'
import { badgeCount, todayList, type TodayItem } from '../../domain/today/today'
import { t, type MessageKey } from '../../i18n'
import { formatDate } from '../../i18n/dates'
import { label } from '../mediation/labels'
import { useSession } from '../session'
import { useNow } from '../useNow'
import { maybeRemind, reminderHour, setBadge, setReminderHour } from './alerts'
import { CouncilSources } from './sources'
import './today.css'

export function TodayPanel() {
  const session = useSession()
  const now = useNow()
  const [bySource, setBySource] = createSignal(new Map<string, TodayItem[]>(), { equals: false })
  const report = (source: string, items: TodayItem[]) =>
    setBySource((m) => {
      if (items.length === 0 && !m.has(source)) return m
      if (items.length === 0) m.delete(source)
      else m.set(source, items)
      return m
    })
  const items = createMemo(() => todayList([...bySource().values()].flat()))
  const councilName = (id: string) => session()?.councils.find((c) => c.id === id)?.name ?? ''
  createEffect(() => setBadge(badgeCount(items())))
  createEffect(() => void maybeRemind(items(), now()).catch(() => {}))

  return (
    <section class="card today" data-testid="today" data-count={items().length}>
      <h2>{t('today.title')}</h2>
      <For each={session()?.councils ?? []}>
        {(c) => (
          <Show when={session()} keyed>
            {(s) => (
              <CouncilSources
                councilId={c.id}
                me={{ id: s.user.id, name: s.user.name }}
                access={councilAccess(s, c.id)}
                now={now}
                report={report}
              />
            )}
          </Show>
        )}
      </For>
      <Show
        when={items().length > 0}
        fallback={
          <p class="empty" data-testid="today-empty">
            {t('today.none')}
          </p>
        }
      >
        <ul class="today__list">
          <For each={items()}>
            {(i) => (
              <li data-testid="today-item" data-kind={i.kind} data-late={i.daysLate} data-key={i.key}>
                <A href={i.href} class="today__item">
                  <span class={`today__when${i.daysLate > 0 ? ' today__when--late' : ''}`}>{when(i)}</span>
                  <span class="today__what">
                    <strong>{t(`today.kind.${i.kind}` as MessageKey)}</strong> · {what(i)}
                  </span>
                  <Show when={i.place}>
                    <span class="today__place" data-testid="today-place">
                      {i.place}
                    </span>
                  </Show>
                  <span class="muted today__council">{councilName(i.councilId)}</span>
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ReminderSetting />
    </section>
  )
}

function when(i: TodayItem): string {
  if (i.daysLate > 0) return t('today.overdue', { n: i.daysLate })
  if (i.daysLate === 0) return t('today.dueToday')
  return t('today.until', { day: formatDate(i.due) })
}

function what(i: TodayItem): string {
  if (i.kind === 'visit' || i.kind === 'term') return label('type', i.what)
  if (i.kind === 'nonvoters') return t('today.nonvoters', { n: i.count ?? 0, title: i.what })
  if (i.kind === 'canvass') return t('today.canvass', { n: i.count ?? 0, title: i.what })
  return i.what
}

function ReminderSetting() {
  const [hour, setHour] = createSignal(reminderHour())
  const [msg, setMsg] = createSignal('')
  const change = async (v: string) => {
    const next = v === '' ? null : Number(v)
    const ok = await setReminderHour(next)
    setHour(ok ? next : reminderHour())
    setMsg(ok ? '' : t('today.reminderDenied'))
  }
  return (
    <div class="today__reminder">
      <SelectField
        label={t('today.reminder')}
        selectTestId="today-reminder"
        value={String(hour() ?? '')}
        onChange={(v) => void change(v)}
        options={[
          { value: '', label: t('today.reminderOff') },
          ...[6, 7, 8, 9, 10, 12, 14, 17, 19].map((h) => ({ value: String(h), label: `${h}:00` })),
        ]}
      />
      <Show when={msg()}>
        <span class="form__error" role="alert">
          {msg()}
        </span>
      </Show>
    </div>
  )
}
