/**
 * One renovation plan `/c/:councilId/proposals/:proposalId`: the co-edited draft of the next
 * version, publishing, the frozen versions, a diff of any two, and the adopted suggestions.
 */
import { A, useParams } from '@solidjs/router'
import { createMemo, Show, type JSX } from 'solid-js'
import { t } from '../../i18n'
import { isProposalId, type ProposalId } from '../../domain/proposals/ids'
import { draftVersionItems } from '../../domain/proposals/queries'
import { readRoll } from '../../domain/roll/queries'
import { AccessNotice } from '../AccessNotice'
import { useCouncilAccess } from '../session'
import { useDoc } from '../useDoc'
import { inSync, useMe, useYVersion } from '../meetings/useMeeting'
import { DiffView, type PlanChoice } from './DiffView'
import { DraftEditor } from './DraftEditor'
import { AdoptionsPanel, PublishBox, VersionsList } from './VersionsPanel'
import { useProposal } from './useProposal'
import '../meetings/meetings.css'
import './proposals.css'
import { docName } from '../../domain/docTypes'

export default function ProposalPage(): JSX.Element {
  const params = useParams<{ councilId: string; proposalId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={isProposalId(params.proposalId)} fallback={<p class="card">{t('proposals.invalid')}</p>}>
      <Show when={access().canRead('proposal')} fallback={<AccessNotice pending={0} />}>
        <Show when={`${params.councilId}/${params.proposalId}`} keyed>
          {(_key) => (
            <ProposalView
              councilId={params.councilId}
              proposalId={params.proposalId as ProposalId}
              writable={access().canRead('plandraft') && access().level('proposal') !== 'read'}
              canDraft={access().canRead('plandraft')}
              canComment={access().level('proposal') === 'cond' || access().level('proposal') === 'write'}
              maskName={!access().canRead('plandraft') && access().roles.every((r) => r === 'resident')}
              canReadRoll={access().canRead('roll')}
              canCanvass={access().canRead('canvass')}
            />
          )}
        </Show>
      </Show>
    </Show>
  )
}

function RollBuildings(props: { councilId: string; children: (buildings: string[]) => JSX.Element }): JSX.Element {
  const roll = useDoc(docName('roll', props.councilId))
  const v = useYVersion(roll.handle.doc)
  const buildings = createMemo(() => (v(), [...new Set(readRoll(roll.handle.doc).households.map((h) => h.building))]))
  return <>{props.children(buildings())}</>
}

function ProposalView(props: {
  councilId: string
  proposalId: ProposalId
  writable: boolean
  canDraft: boolean
  canComment: boolean
  maskName: boolean
  canReadRoll: boolean
  canCanvass: boolean
}): JSX.Element {
  const me = useMe()
  const p = useProposal(props.councilId, props.proposalId, () => props.writable, props.canDraft)
  const index = useDoc(docName('proposalIndex', props.councilId))
  const editable = () => props.writable && p.used.ready() && (p.draftUsed?.ready() ?? false) && !p.newer()
  const latest = () => p.versions().at(-1) ?? null
  const base = `/c/${props.councilId}/proposals/${props.proposalId}`
  // Residents compare published versions only; editors also see the private draft.
  const choices = createMemo((): PlanChoice[] => [
    ...p.versions().map((v) => ({ key: v.id, label: t('proposal.version', { n: v.no }), plan: v })),
    ...(props.canDraft
      ? [
          {
            key: 'draft',
            label: t('proposal.diff.draft'),
            plan: { ...p.draft(), items: (p.dv(), draftVersionItems(p.draftDoc)) },
          },
        ]
      : []),
  ])
  const titles = createMemo(() => {
    const m = new Map<string, string>()
    for (const v of p.versions()) for (const it of v.items) m.set(it.id, it.title)
    for (const it of p.items()) m.set(it.id, it.title)
    return m
  })
  /** Previous version → latest; with one version, the editor's draft against it. */
  const diffDefaults = () => {
    const vs = p.versions()
    if (vs.length >= 2) return { from: vs.at(-2)!.id, to: vs.at(-1)!.id }
    return { from: vs.at(-1)?.id ?? 'draft', to: 'draft' }
  }

  return (
    <div class="stack proposal">
      <A href={`/c/${props.councilId}/proposals`} class="back-link">
        ← {t('proposals.title')}
      </A>
      <Show when={p.used.access() === 'ok'} fallback={<AccessNotice pending={p.used.status().pending} />}>
        <section class="card" data-testid="proposal-header" data-ready={p.used.ready() ? 'true' : 'false'}>
          <h1>{latest()?.title || p.draft().title || t('proposals.loading')}</h1>
          <p>
            <span class="tag" data-testid="latest-version">
              {latest() ? t('proposals.latest', { n: latest()!.no }) : t('proposals.draftOnly')}
            </span>
          </p>
          <Show when={latest()?.summary}>
            <p class="proposal-summary">{latest()!.summary}</p>
          </Show>
          <Show when={props.canCanvass}>
            <p class="link-row">
              <A class="btn" href={`${base}/canvass`} data-testid="open-canvass">
                {t('proposal.canvass')}
              </A>
              <A class="btn" href={`${base}/summary`} data-testid="open-summary">
                {t('proposal.summary')}
              </A>
            </p>
          </Show>
          <Show when={p.newer()}>
            <p class="warn">{t('proposals.newerSchema')}</p>
          </Show>
          <Show when={!props.writable}>
            <p class="muted">{t('proposals.readonly')}</p>
          </Show>
        </section>
        <VersionsList
          versions={p.versions()}
          doc={p.doc}
          version={p.v()}
          canComment={props.canComment && p.used.ready()}
          maskName={props.maskName}
          me={me()}
        />
        <Show when={props.writable}>
          <Show
            when={props.canReadRoll}
            fallback={
              <DraftEditor
                doc={p.draftDoc}
                version={p.dv()}
                draft={p.draft()}
                items={p.items()}
                buildings={[]}
                editable={editable()}
                me={me()}
                commentCounts={p.comments()}
              />
            }
          >
            <RollBuildings councilId={props.councilId}>
              {(buildings) => (
                <DraftEditor
                  doc={p.draftDoc}
                  version={p.dv()}
                  draft={p.draft()}
                  items={p.items()}
                  buildings={buildings}
                  editable={editable()}
                  me={me()}
                  commentCounts={p.comments()}
                />
              )}
            </RollBuildings>
          </Show>
          <AdoptionsPanel
            doc={p.draftDoc}
            versionsDoc={p.doc}
            adoptions={p.adoptions()}
            titles={titles()}
            editable={editable()}
            me={me()}
          />
          <Show when={editable() && index.ready()}>
            <PublishBox
              doc={p.doc}
              draftDoc={p.draftDoc}
              index={index.handle.doc}
              next={(latest()?.no ?? 0) + 1}
              inSync={inSync(p.used) && p.draftUsed !== null && inSync(p.draftUsed)}
              me={me()}
            />
          </Show>
        </Show>
        <Show when={choices().length > 1}>
          <Show when={`${diffDefaults().from}>${diffDefaults().to}`} keyed>
            {(_k) => <DiffView choices={choices()} defaultFrom={diffDefaults().from} defaultTo={diffDefaults().to} />}
          </Show>
        </Show>
      </Show>
    </div>
  )
}
