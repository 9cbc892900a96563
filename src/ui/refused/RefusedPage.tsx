/**
 * 未被接受的更改: this device's changes the server refused (per signed-in person), with what, why,
 * when and what can be done — nothing here is ever deleted automatically.
 */
import { createResource, For, Match, Show, Switch, createSignal } from 'solid-js'
import { t, type MessageKey } from '../../i18n'
import { listRefused, markResolved, refusedVersion, type RefusedRecord } from '../../sync/changeStore'
import { syncCredentials } from '../../sync/syncAuth'
import { openDoc } from '../../sync/docRegistry'
import type { MeetingId } from '../../domain/meetings/ids'
import { appendParagraphs } from '../../domain/meetings/minutes'
import { authedRequest } from '../../auth/session'
import type { Member } from '../council/MembersPanel'
import { useStore } from '../bridge'
import { refusalReason } from './reason'
import { docName } from '../../domain/docTypes'
import { formatDateTime } from '../../i18n/dates'

const fmt = (ms: number): string => formatDateTime(ms)

/** Writes the text into the addendum and keeps the doc open until the server stored it. */
async function moveToAddendum(r: RefusedRecord, councilId: string, meetingId: string, text: string): Promise<void> {
  const handle = openDoc(docName('addendum', councilId, meetingId as MeetingId))
  await handle.ready
  appendParagraphs(handle.doc, text, { userId: r.scope })
  await markResolved(r.id, 'addendum')
  let done = false
  const finish = () => {
    if (done) return
    done = true
    unsub()
    handle.release()
  }
  const unsub = handle.status.subscribe((s) => {
    if (s.pending === 0 && s.connected) finish()
  })
  setTimeout(finish, 120_000)
}

function headsFor(members: readonly Member[], hid: string): string[] {
  const [b, u] = hid.split('-')
  return members
    .filter(
      (m) =>
        (m.role === 'unit_head' || m.role === 'building_head') &&
        ((m.scope.households ?? []).includes(hid) ||
          (m.scope.buildings ?? []).includes(b ?? '') ||
          (m.scope.units ?? []).includes(`${b}-${u}`)),
    )
    .map((m) => m.name)
}

function ResponsibleHead(props: { councilId: string; householdId: string }) {
  const [members] = createResource(
    () => props.councilId,
    async (id) => (await authedRequest<{ members: Member[] }>(`/api/councils/${id}/members`)).body.members,
  )
  return (
    <p class="muted" data-testid="refused-head">
      <Show when={members.latest} fallback={t('refused.action.headUnknown')}>
        {(list) => {
          const names = headsFor(list(), props.householdId)
          return names.length ? t('refused.action.head', { names: names.join('、') }) : t('refused.action.headNone')
        }}
      </Show>
    </p>
  )
}

function RefusedItem(props: { r: RefusedRecord }) {
  const [busy, setBusy] = createSignal(false)
  const flat = () => (props.r.action.kind === 'responsible-head' ? props.r.action.householdId : undefined)
  return (
    <li class="card stack refused-item" data-testid="refused-item" data-code={props.r.code}>
      <div class="refused-item__what" data-testid="refused-what">
        {t(props.r.what.key as MessageKey, props.r.what.params)}
        <Show when={props.r.action.kind === 'not-counted'}>
          <span class="tag tag--warn" data-testid="refused-not-counted">
            {t('refused.action.notCounted')}
          </span>
        </Show>
      </div>
      <dl class="facts">
        <dt>{t('refused.why')}</dt>
        <dd data-testid="refused-why">{refusalReason(props.r.code, flat())}</dd>
        <dt>{t('refused.when')}</dt>
        <dd>
          {t('refused.madeAt', { at: fmt(props.r.madeAt) })}，{t('refused.refusedAt', { at: fmt(props.r.refusedAt) })}
        </dd>
      </dl>
      <Switch>
        <Match when={props.r.action.kind === 'addendum' && props.r.action}>
          {(a) => {
            const act = a() as Extract<RefusedRecord['action'], { kind: 'addendum' }>
            return (
              <Show
                when={!props.r.resolved}
                fallback={<p data-testid="refused-resolved">{t('refused.action.addendumDone')}</p>}
              >
                <p class="muted">{t('refused.action.addendumHint')}</p>
                <button
                  type="button"
                  class="btn btn--primary"
                  data-testid="refused-to-addendum"
                  disabled={busy()}
                  onClick={async () => {
                    setBusy(true)
                    try {
                      await moveToAddendum(props.r, act.councilId, act.meetingId, act.text)
                    } finally {
                      setBusy(false)
                    }
                  }}
                >
                  {t('refused.action.addendum')}
                </button>
              </Show>
            )
          }}
        </Match>
        <Match when={props.r.action.kind === 'not-counted'}>
          <p class="muted">{t('refused.action.notCountedHint')}</p>
        </Match>
        <Match when={props.r.action.kind === 'responsible-head' && props.r.action}>
          {(a) => {
            const act = a() as Extract<RefusedRecord['action'], { kind: 'responsible-head' }>
            return <ResponsibleHead councilId={act.councilId} householdId={act.householdId} />
          }}
        </Match>
      </Switch>
    </li>
  )
}

export default function RefusedPage() {
  const creds = useStore(syncCredentials)
  const version = useStore(refusedVersion)
  const [records] = createResource(
    () => ({ scope: creds().scope, v: version() }),
    ({ scope }) => listRefused(scope),
  )
  return (
    <section class="stack" data-testid="refused-page">
      {/* on a card: muted text straight on the page background is below AA contrast */}
      <div class="card">
        <h1>{t('refused.title')}</h1>
        <p class="muted">{t('refused.intro')}</p>
      </div>
      <Show when={records.latest} fallback={<p class="card muted">{t('refused.loading')}</p>}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <p class="card" data-testid="refused-empty">
                {t('refused.empty')}
              </p>
            }
          >
            <ul class="refused-list stack">
              <For each={list()}>{(r) => <RefusedItem r={r} />}</For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  )
}
