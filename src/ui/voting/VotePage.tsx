/**
 * `/c/:councilId/votes/:voteId`: one vote, all offline — setup/open/close for chair and secretary,
 * ballot entry for whoever may record, conflicts, live board, participation drive, audit export.
 */
import { A, useParams } from '@solidjs/router'
import { createEffect, createMemo, createSignal, Show, untrack } from 'solid-js'
import { readRoll } from '../../domain/roll/queries'
import { auditCsv } from '../../domain/voting/audit'
import { closeVote, openVote } from '../../domain/voting/commands'
import { openConflicts } from '../../domain/voting/resolution'
import { Refusal } from '../Refusal'
import { voteRefusalText } from './refusals'
import { t } from '../../i18n'
import { formatDateTime } from '../../i18n/dates'
import { AccessNotice } from '../AccessNotice'
import { download } from '../download'
import { useCouncilAccess, useSession } from '../session'
import { useDoc, useDocValue } from '../useDoc'
import { BallotForm } from './BallotForm'
import { Board } from './Board'
import { ConflictsPanel } from './ConflictsPanel'
import { DrivePanel } from './DrivePanel'
import { votePermissions } from './permissions'
import { actorOf, rememberVote, useVote, useVoteSignatures } from './useVote'
import './voting.css'
import { docName } from '../../domain/docTypes'

export default function VotePage() {
  const params = useParams<{ councilId: string; voteId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={access().canRead('vote')} fallback={<AccessNotice pending={0} />}>
      <Show when={`${params.councilId}/${params.voteId}`} keyed>
        {(_key: string) => <VoteView councilId={params.councilId} voteId={params.voteId} />}
      </Show>
    </Show>
  )
}

function VoteView(props: { councilId: string; voteId: string }) {
  const access = useCouncilAccess(() => props.councilId)
  const session = useSession()
  const vote = useVote(props.councilId, props.voteId)
  // Voters' names and signatures: only for roles that may open the votesig doc (never residents).
  const sigs = untrack(() => access().canRead('votesig'))
    ? useVoteSignatures(vote, props.councilId, props.voteId)
    : null
  const sigDoc = () => (sigs && sigs.doc.access() === 'ok' ? sigs.doc.handle.doc : null)
  const perms = createMemo(() => votePermissions(access()))
  const actor = createMemo(() => actorOf(session()))
  const meta = () => vote.snap().meta
  createEffect(() => {
    const m = meta()
    if (m) rememberVote(props.councilId, { voteId: m.voteId, title: m.title })
  })
  const exportCsv = () => {
    download(
      `表决审计-${meta()?.title ?? props.voteId}.csv`,
      auditCsv(vote.snap(), sigs?.byBallot()),
      'text/csv;charset=utf-8',
    )
  }
  const [refusal, setRefusal] = createSignal<string | null>(null)
  const close = () => {
    const a = actor()
    if (!a) return
    setRefusal(null)
    // the same check the server runs (domain closeVote → openConflicts): refused before asking
    const pending = openConflicts(vote.snap())
    if (pending.length > 0) {
      setRefusal(t('voting.closeConflicts', { n: pending.length, flats: pending.join('、') }))
      return
    }
    if (!confirm(t('voting.closeConfirm'))) return
    const r = closeVote(vote.doc.handle.doc, a)
    if (!r.ok) setRefusal(voteRefusalText(r))
  }
  return (
    <div class="stack">
      <A href={`/c/${props.councilId}/votes`} class="back-link">
        ← {t('voting.back')}
      </A>
      <Show when={vote.doc.access() === 'ok'} fallback={<AccessNotice pending={vote.doc.status().pending} />}>
        <Show when={meta()} fallback={<p class="card muted">{t('roll.loading')}</p>}>
          {(m) => (
            <>
              <section class="card" data-testid="vote-head" data-status={m().status}>
                <h1>{m().title}</h1>
                <p>{m().question}</p>
                <dl class="facts">
                  <dt>{t('voting.f.matter')}</dt>
                  <dd>{t(`voting.matter.${m().matter}.short`)}</dd>
                  <dt>{t('voting.f.opensAt')}</dt>
                  <dd>{formatDateTime(m().opensAt)}</dd>
                  <dt>{t('voting.f.closesAt')}</dt>
                  <dd>{formatDateTime(m().closesAt)}</dd>
                  <dt>{t('voting.title')}</dt>
                  <dd data-testid="vote-status">
                    {t(`voting.status.${m().status}`)} · {t('voting.ballots', { n: vote.snap().ballots.length })}
                  </dd>
                </dl>
                <div class="vote-actions">
                  <Show when={perms().manage && m().status === 'draft'}>
                    <OpenButton
                      councilId={props.councilId}
                      onOpen={(households) => {
                        const a = actor()
                        if (!a || !confirm(t('voting.openConfirm', { flats: households.length }))) return
                        const r = openVote(vote.doc.handle.doc, households, a)
                        setRefusal(r.ok ? null : voteRefusalText(r))
                      }}
                    />
                  </Show>
                  <Show when={perms().manage && m().status === 'open'}>
                    <button type="button" class="btn" data-testid="vote-close" onClick={close}>
                      {t('voting.close')}
                    </button>
                  </Show>
                  <Refusal text={refusal()} onDismiss={() => setRefusal(null)} testId="close-refusal" />
                  <A
                    class="btn btn--ghost"
                    href={`/c/${props.councilId}/votes/${props.voteId}/board`}
                    data-testid="open-board"
                  >
                    {t('voting.bigBoard')}
                  </A>
                  <Show when={m().status !== 'draft'}>
                    <A
                      class="btn btn--ghost"
                      href={`/c/${props.councilId}/votes/${props.voteId}/notice`}
                      data-testid="open-notice"
                    >
                      {t('voting.notice')}
                    </A>
                  </Show>
                  <Show when={perms().manage || access().roles.includes('member')}>
                    <button type="button" class="btn btn--ghost" data-testid="export-csv" onClick={exportCsv}>
                      {t('voting.exportCsv')}
                    </button>
                  </Show>
                </div>
              </section>
              <Show when={m().status === 'open' && perms().channels.length > 0 && actor()}>
                {(a) => (
                  <BallotForm
                    doc={vote.doc.handle.doc}
                    sigDoc={sigDoc()}
                    actor={a()}
                    roll={vote.snap().roll}
                    channels={perms().channels.filter((c) => c !== 'tablet' || sigDoc())}
                    allowed={perms().allowed}
                    ownHouseholds={perms().ownHouseholds}
                    voted={new Set(vote.snap().ballots.map((b) => b.householdId))}
                    signed={new Set([...(sigs?.byBallot().values() ?? [])].map((e) => e.householdId))}
                    title={m().title}
                    opensAt={m().opensAt}
                    closesAt={m().closesAt}
                  />
                )}
              </Show>
              <Show when={vote.tally()}>
                {(tl) => (
                  <>
                    <Show when={tl().groups.length > 0}>
                      <ConflictsPanel
                        doc={vote.doc.handle.doc}
                        groups={tl().groups}
                        signatures={sigs?.byBallot() ?? null}
                        actor={actor()}
                        canResolve={perms().manage && m().status === 'open'}
                      />
                    </Show>
                    <Show when={m().status !== 'draft'}>
                      <Board result={tl().result} matter={m().matter} />
                      <Show when={!perms().ownHouseholds}>
                        <DrivePanel councilId={props.councilId} snap={vote.snap()} tally={tl()} />
                      </Show>
                    </Show>
                  </>
                )}
              </Show>
            </>
          )}
        </Show>
      </Show>
    </div>
  )
}

/**
 * Loads the roll doc (chair/secretary can read it) and opens the vote with it. On a tablet that has
 * never held the roll the doc is empty until it syncs: the button waits for households and says why.
 */
function OpenButton(props: {
  councilId: string
  onOpen: (households: ReturnType<typeof readRoll>['households']) => void
}) {
  const roll = useDoc(docName('roll', props.councilId))
  const households = useDocValue(roll.handle.doc, roll.handle.ready, (d) => readRoll(d).households, { value: [] })
  const waiting = () => !roll.ready() || households().length === 0
  return (
    <>
      <button
        type="button"
        class="btn btn--primary"
        data-testid="vote-open"
        disabled={waiting()}
        onClick={() => props.onOpen(households())}
      >
        {t('voting.open')}
      </button>
      <Show when={roll.ready() && households().length === 0}>
        <p class="muted" data-testid="vote-open-waiting">
          {t('voting.rollNotReady')}
        </p>
      </Show>
    </>
  )
}
