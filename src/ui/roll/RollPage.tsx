/**
 * Household roll `/c/:councilId/roll` from the Yjs doc `roll:<councilId>` (works offline): totals,
 * search, building → unit → flat tree, masked phones; the import panel for chair/secretary/admin.
 */
import { A } from '@solidjs/router'
import { createMemo, Show } from 'solid-js'
import { readRoll, rollTotals, type RollSnapshot } from '../../domain/roll/queries'
import { t } from '../../i18n'
import { AccessNotice } from '../AccessNotice'
import { CouncilGate } from '../CouncilGate'
import { useDoc, useDocValue } from '../useDoc'
import { RollImport } from './RollImport'
import { RollExport } from './RollExport'
import { ROLL_EXPORT_ROLES } from '../../domain/access/councilPermissions'
import { RollList } from './RollList'
import { docName } from '../../domain/docTypes'

export default function RollPage() {
  return (
    <CouncilGate reads="roll">
      {(id, access) => (
        <RollView
          councilId={id}
          canImport={access().canManage}
          canExport={access().isAdmin || access().roles.some((r) => ROLL_EXPORT_ROLES.includes(r))}
          canViewPhone={access().canViewPhone}
        />
      )}
    </CouncilGate>
  )
}

function RollView(props: {
  councilId: string
  canImport: boolean
  canExport: boolean
  canViewPhone: (hid: string) => boolean
}) {
  const doc = useDoc(docName('roll', props.councilId))
  const empty: RollSnapshot = { households: [], invalidIds: [] }
  const snapshot = useDocValue(doc.handle.doc, doc.handle.ready, readRoll, { value: empty })
  const totals = createMemo(() => rollTotals(snapshot().households))

  return (
    <div class="stack">
      <A href={`/c/${props.councilId}`} class="back-link">
        ← {t('council.back')}
      </A>
      <Show when={doc.access() === 'ok'} fallback={<AccessNotice pending={doc.status().pending} />}>
        <section class="card" data-testid="roll">
          <h1>{t('roll.title')}</h1>
          <dl class="totals" data-testid="roll-totals">
            <div>
              <dt>{t('roll.flats')}</dt>
              <dd data-testid="total-flats">{totals().flats}</dd>
            </div>
            <div>
              <dt>{t('roll.heads')}</dt>
              <dd data-testid="total-heads">{totals().ownerHeads}</dd>
            </div>
            <div>
              <dt>{t('roll.area')}</dt>
              <dd data-testid="total-area">{totals().totalArea} m²</dd>
            </div>
            <div>
              <dt>{t('roll.residents')}</dt>
              <dd>{totals().residents}</dd>
            </div>
          </dl>
          <Show when={doc.ready()} fallback={<p class="muted">{t('roll.loading')}</p>}>
            <Show
              when={snapshot().households.length > 0}
              fallback={
                <p class="empty" data-testid="roll-empty">
                  {t('roll.empty')}
                </p>
              }
            >
              <Show when={props.canExport}>
                <RollExport councilId={props.councilId} households={snapshot().households} />
              </Show>
              <RollList
                councilId={props.councilId}
                households={snapshot().households}
                canViewPhone={props.canViewPhone}
              />
            </Show>
          </Show>
        </section>
        <Show when={props.canImport}>
          <RollImport councilId={props.councilId} />
        </Show>
      </Show>
    </div>
  )
}
