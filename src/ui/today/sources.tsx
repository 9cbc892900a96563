/**
 * One component per doc the Today list reads, per council: each opens its doc (the registry shares
 * it with any page that has it open), reads it with the feature's own reader and reports its items
 * to the panel. Only docs the person's roles may read are opened (the policy table), so nothing here
 * asks the server for what it would refuse.
 */
import { createEffect, createResource, createSignal, For, onCleanup, Show, type Accessor } from 'solid-js'
import type { CouncilAccess } from '../../auth/permissions'
import { authedRequest } from '../../auth/session'
import { visitScope } from '../../domain/canvass/scope'
import { readCase } from '../../domain/mediation/caseRead'
import { dueWork, isMine, readCaseList } from '../../domain/mediation/caseList'
import type { CaseId } from '../../domain/mediation/schema'
import { shanghaiDay } from '../../domain/mediation/time'
import { readActionItems } from '../../domain/meetings/queries'
import { readEvents } from '../../domain/grid/events'
import { readLists } from '../../domain/grid/lists'
import { readVote } from '../../domain/voting/read'
import { readVisits } from '../../domain/canvass/commands'
import type { ProposalId } from '../../domain/proposals/ids'
import { readProposals } from '../../domain/proposals/queries'
import { readRoll } from '../../domain/roll/queries'
import type { HouseholdRecord } from '../../domain/roll/schema'
import {
  actionItems,
  canvassItems,
  caseItems,
  eventItems,
  orderItems,
  voteItems,
  type HouseholdScope,
  type TodayItem,
} from '../../domain/today/today'
import { t } from '../../i18n'
import { useDoc, useDocValue } from '../useDoc'
import { knownVotes } from '../voting/useVote'
import { docName } from '../../domain/docTypes'

export type Report = (source: string, items: TodayItem[]) => void

interface SourceProps {
  councilId: string
  me: { id: string; name: string }
  access: CouncilAccess
  now: Accessor<number>
  report: Report
}

/** Reports `items()` under `key` whenever it changes, and nothing once unmounted. */
function reporting(key: string, report: Report, items: Accessor<TodayItem[]>): void {
  createEffect(() => report(key, items()))
  onCleanup(() => report(key, []))
}

export function CouncilSources(props: SourceProps) {
  const a = () => props.access
  return (
    <>
      <Show when={a().canRead('caselist')}>
        <CaseSource {...props} />
      </Show>
      <Show when={a().canRead('meeting')}>
        <ActionSource {...props} />
      </Show>
      <Show when={a().canRead('event')}>
        <EventSource {...props} />
      </Show>
      <Show when={a().canRead('lists')}>
        <OrderSource {...props} />
      </Show>
      <Show when={a().canRead('vote')}>
        <VoteSources {...props} />
      </Show>
      <Show when={a().canRead('canvass') && a().canRead('roll') && headScope(a()) !== null}>
        <CanvassSources {...props} />
      </Show>
    </>
  )
}

function CaseSource(props: SourceProps) {
  const list = useDoc(docName('caselist', props.councilId))
  const cases = useDocValue(list.handle.doc, list.handle.ready, readCaseList)
  const due = () =>
    cases()
      .filter((c) => isMine(c, props.me.id))
      .flatMap((c) => dueWork(c, shanghaiDay(props.now())))
  const places: Record<string, string> = {}
  const [tick, bump] = createSignalTick()
  reporting(`cases:${props.councilId}`, props.report, () => {
    tick()
    return caseItems(props.councilId, due(), places)
  })
  const ids = () => [...new Set(due().map((d) => d.caseId))]
  return (
    <Show when={props.access.canRead('case')}>
      <For each={ids()}>
        {(caseId) => (
          <CasePlace
            councilId={props.councilId}
            caseId={caseId}
            onPlace={(p) => {
              if (places[caseId] === p) return
              places[caseId] = p
              bump()
            }}
          />
        )}
      </For>
    </Show>
  )
}

/** The flat and first party of one of my cases: I am assigned, so I may read it. */
function CasePlace(props: { councilId: string; caseId: string; onPlace: (p: string) => void }) {
  const used = useDoc(docName('case', props.councilId, props.caseId as CaseId))
  const snap = useDocValue(used.handle.doc, used.handle.ready, readCase)
  createEffect(() => {
    const s = snap()
    const pl = s.meta?.place
    const flat = pl && (pl.building || pl.flat) ? t('today.flat', { building: pl.building, flat: pl.flat }) : ''
    const party = s.parties[0]?.name ?? ''
    props.onPlace([flat, party].filter(Boolean).join(' · '))
  })
  return null
}

function ActionSource(props: SourceProps) {
  const idx = useDoc(docName('meetingIndex', props.councilId))
  const actions = useDocValue(idx.handle.doc, idx.handle.ready, (d) => readActionItems(d))
  reporting(`action:${props.councilId}`, props.report, () =>
    actionItems(props.councilId, actions(), props.me.name, shanghaiDay(props.now())),
  )
  return null
}

function EventSource(props: SourceProps) {
  const doc = useDoc(docName('event', props.councilId))
  const events = useDocValue(doc.handle.doc, doc.handle.ready, (d) => readEvents(d).events)
  reporting(`events:${props.councilId}`, props.report, () =>
    eventItems(props.councilId, events(), props.me.id, shanghaiDay(props.now())),
  )
  return null
}

function OrderSource(props: SourceProps) {
  const doc = useDoc(docName('lists', props.councilId))
  const orders = useDocValue(doc.handle.doc, doc.handle.ready, (d) => readLists(d).orders)
  reporting(`order:${props.councilId}`, props.report, () =>
    orderItems(
      props.councilId,
      orders(),
      props.me.id,
      shanghaiDay(props.now()),
      props.access.memberships.flatMap((m) => m.scope.households ?? []),
    ),
  )
  return null
}

/** Votes this device knows plus, when online, the server's list for the council. */
function VoteSources(props: SourceProps) {
  const [server] = createResource(
    () => props.councilId,
    async (id) => {
      try {
        return (await authedRequest<{ votes: Array<{ voteId: string }> }>(`/api/votes?council=${id}`)).body.votes
      } catch {
        return []
      }
    },
  )
  const ids = () => [
    ...new Set([...knownVotes(props.councilId).map((v) => v.voteId), ...(server.latest ?? []).map((v) => v.voteId)]),
  ]
  const heads = () =>
    props.access.memberships.filter((m) => ['building_head', 'unit_head', 'resident'].includes(m.role))
  const scope = (): HouseholdScope => {
    const s = visitScope(false, heads())
    return typeof s === 'function' ? s : null
  }
  const runsVotes = () => props.access.isAdmin || props.access.roles.some((r) => r === 'chair' || r === 'secretary')
  return (
    <For each={ids()}>
      {(voteId) => <VoteSource {...props} voteId={voteId} scope={scope()} runsVotes={runsVotes()} />}
    </For>
  )
}

function VoteSource(props: SourceProps & { voteId: string; scope: HouseholdScope; runsVotes: boolean }) {
  const doc = useDoc(docName('vote', props.councilId, props.voteId))
  const snap = useDocValue(doc.handle.doc, doc.handle.ready, readVote)
  reporting(`ballots:${props.councilId}:${props.voteId}`, props.report, () => {
    const s = snap()
    if (!s.meta) return []
    return voteItems(
      props.councilId,
      {
        voteId: props.voteId,
        title: s.meta.title,
        status: s.meta.status,
        closesAt: s.meta.closesAt,
        roll: s.roll,
        votedHouseholds: new Set(s.ballots.map((b) => b.householdId)),
      },
      props.scope,
      props.runsVotes,
      props.now(),
    )
  })
  return null
}

/** Households a building/unit head walks for (their own scope only), or null. */
function headScope(a: CouncilAccess): HouseholdScope {
  const s = visitScope(
    false,
    a.memberships.filter((m) => m.role === 'building_head' || m.role === 'unit_head'),
  )
  return typeof s === 'function' ? s : null
}

/** Plans with a published version: each one's canvass walk list for this head. */
function CanvassSources(props: SourceProps) {
  const idx = useDoc(docName('proposalIndex', props.councilId))
  const plans = useDocValue(idx.handle.doc, idx.handle.ready, (d) =>
    readProposals(d).filter((p) => p.latestVersion > 0),
  )
  const roll = useDoc(docName('roll', props.councilId))
  const households = useDocValue(roll.handle.doc, roll.handle.ready, (d) => readRoll(d).households)
  return (
    <For each={plans()}>
      {(p) => (
        <CanvassSource
          {...props}
          proposalId={p.id}
          title={p.title}
          versionNo={p.latestVersion}
          households={households()}
        />
      )}
    </For>
  )
}

function CanvassSource(
  props: SourceProps & { proposalId: string; title: string; versionNo: number; households: HouseholdRecord[] },
) {
  const doc = useDoc(docName('canvass', props.councilId, props.proposalId as ProposalId))
  const visits = useDocValue(doc.handle.doc, doc.handle.ready, readVisits)
  reporting(`visits:${props.councilId}:${props.proposalId}`, props.report, () =>
    canvassItems(
      props.councilId,
      {
        proposalId: props.proposalId,
        title: props.title,
        versionNo: props.versionNo,
        households: props.households,
        visits: visits(),
      },
      headScope(props.access),
      shanghaiDay(props.now()),
    ),
  )
  return null
}

function createSignalTick(): [Accessor<number>, () => void] {
  const [n, setN] = createSignal(0)
  return [n, () => setN((x) => x + 1)]
}
