/** `/c/:councilId/grid`: the hub — links, the grid hierarchy tree, CSV import, the buildings schematic. */
import { FileButton } from '../form/Form'
import { A } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import { buildingBlocks } from '../../domain/grid/buildings'
import { readEvents } from '../../domain/grid/events'
import {
  applyGridImport,
  buildTree,
  parseGridCsv,
  readNodes,
  type GridImportResult,
  type TreeNode,
} from '../../domain/grid/hierarchy'
import type { GridNode } from '../../domain/grid/schema'
import { readRoll } from '../../domain/roll/queries'
import { localized, t, type MessageKey } from '../../i18n'
import { CouncilGate } from '../CouncilGate'
import { useMe } from '../meetings/useMeeting'
import { useCouncilAccess } from '../session'
import { useDoc, useDocValue } from '../useDoc'
import { gridCaps, useGridDoc } from './useGrid'
import './grid.css'
import { docName } from '../../domain/docTypes'

/** Literal CSV column names and level codes a person types into the file (shown as code, not translated). */
const GRID_CSV_COLUMNS = 'id, level, name, parent, head_name, head_phone, members, buildings'
const GRID_LEVEL_CODES = 'district / street / community / compound / building / micro'

export default function GridPage() {
  return <CouncilGate reads="grid">{(c) => <Hub councilId={c} />}</CouncilGate>
}

function Hub(props: { councilId: string }) {
  const access = useCouncilAccess(() => props.councilId)
  const caps = () => gridCaps(access())
  const base = `/c/${props.councilId}/grid`
  const grid = useGridDoc(docName('grid', props.councilId), caps().manageGrid)
  const nodes = useDocValue(grid.handle.doc, grid.handle.ready, readNodes)
  const tree = createMemo(() => buildTree(nodes()))
  return (
    <div class="stack">
      <A href={`/c/${props.councilId}`} class="back-link">
        ← {t('council.back')}
      </A>
      <nav class="card">
        <h1>{t('grid.title')}</h1>
        <ul class="section-list">
          <li>
            <A class="section-list__item" href={`${base}/events`} data-testid="open-grid-events">
              {t('grid.events')}
            </A>
          </li>
          <li>
            <A class="section-list__item" href={`${base}/dashboard`} data-testid="open-grid-dashboard">
              {t('grid.dashboard')}
            </A>
          </li>
          <li>
            <A class="section-list__item" href={`${base}/lists`} data-testid="open-grid-lists">
              {t('grid.lists')}
            </A>
          </li>
          <li>
            <A class="section-list__item" href={`${base}/report`}>
              {t('grid.report.title')}
            </A>
          </li>
        </ul>
      </nav>
      <section class="card">
        <h2>{t('grid.hierarchy')}</h2>
        <Show when={tree().length > 0} fallback={<p class="muted">{t('grid.hierarchy.empty')}</p>}>
          <ul class="grid-tree" data-testid="grid-tree">
            <For each={tree()}>{(n) => <NodeItem n={n} />}</For>
          </ul>
        </Show>
        <Show when={caps().manageGrid}>
          <GridImport onApply={(ns, by) => applyGridImport(grid.handle.doc, ns, by, Date.now())} />
        </Show>
      </section>
      <Show when={access().canRead('roll') && access().canRead('event')}>
        <Schematic councilId={props.councilId} />
      </Show>
    </div>
  )
}

function NodeItem(props: { n: TreeNode }) {
  return (
    <li data-testid="grid-node">
      <span class="grid-node__level">{t(`grid.level.${props.n.level}` as MessageKey)}</span>
      <strong>{props.n.name}</strong>
      <Show when={props.n.head}>
        {(h) => (
          <span class="muted">
            {' '}
            · {t('grid.head')} {h().name} {h().phone}
          </span>
        )}
      </Show>
      <Show when={props.n.members.length > 0}>
        <span class="muted"> · {t('grid.members', { n: props.n.members.length })}</span>
      </Show>
      <Show when={props.n.children.length > 0}>
        <ul>
          <For each={props.n.children}>{(c) => <NodeItem n={c} />}</For>
        </ul>
      </Show>
    </li>
  )
}

function GridImport(props: { onApply: (nodes: GridNode[], by: string) => void }) {
  const me = useMe()
  const [result, setResult] = createSignal<GridImportResult | null>(null)
  const [done, setDone] = createSignal(false)
  const pick = async (f: File | undefined) => {
    setDone(false)
    if (f) setResult(parseGridCsv(new Uint8Array(await f.arrayBuffer())))
  }
  return (
    <div class="form">
      <h3>{t('grid.import.title')}</h3>
      <p class="muted">
        {t('grid.import.columns')} <code lang="en">{GRID_CSV_COLUMNS}</code>
      </p>
      <p class="muted">
        {t('grid.import.levels')} <code lang="en">{GRID_LEVEL_CODES}</code>
        {t('grid.import.levelsMeaning')}
      </p>
      <FileButton
        class="file-button"
        label={t('grid.import.choose')}
        accept=".csv,text/csv"
        testId="grid-import-file"
        onFiles={([f]) => void pick(f)}
      />
      <Show when={result()}>
        {(r) => (
          <Show
            when={r().ok ? r() : null}
            fallback={
              <table class="csv-errors" data-testid="grid-import-errors">
                <thead>
                  <tr>
                    <th>{t('grid.import.line')}</th>
                    <th>{t('grid.import.column')}</th>
                    <th>{t('grid.import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={(r() as Extract<GridImportResult, { ok: false }>).errors}>
                    {(e) => (
                      <tr>
                        <td>{e.line}</td>
                        <td>{e.column}</td>
                        <td>{localized(e)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            }
          >
            {(ok) => (
              <p>
                {t('grid.import.ready', { n: (ok() as Extract<GridImportResult, { ok: true }>).nodes.length })}{' '}
                <button
                  type="button"
                  class="btn btn--primary"
                  disabled={done()}
                  data-testid="grid-import-apply"
                  onClick={() => {
                    props.onApply((ok() as Extract<GridImportResult, { ok: true }>).nodes, me().userId)
                    setDone(true)
                  }}
                >
                  {t('grid.import.apply')}
                </button>
              </p>
            )}
          </Show>
        )}
      </Show>
    </div>
  )
}

function Schematic(props: { councilId: string }) {
  const roll = useDoc(docName('roll', props.councilId))
  const events = useDoc(docName('event', props.councilId))
  const households = useDocValue(roll.handle.doc, roll.handle.ready, (d) => readRoll(d).households)
  const openBy = useDocValue(events.handle.doc, events.handle.ready, (d) => {
    const m = new Map<string, number>()
    for (const v of readEvents(d).events) if (!v.closed && v.building) m.set(v.building, (m.get(v.building) ?? 0) + 1)
    return m
  })
  const layout = createMemo(() => buildingBlocks(households()))
  return (
    <section class="card">
      <h2>{t('grid.schematic')}</h2>
      <Show when={layout().blocks.length > 0} fallback={<p class="muted">{t('grid.schematic.empty')}</p>}>
        <svg
          class="grid-schematic"
          viewBox={`0 0 ${layout().width} ${layout().height}`}
          role="img"
          aria-label={t('grid.schematic')}
          data-testid="grid-schematic"
        >
          <For each={layout().blocks}>
            {(b) => (
              <g>
                <rect
                  x={b.x}
                  y={b.y}
                  width={b.w}
                  height={b.h}
                  rx="4"
                  class={openBy().get(b.building) ? 'has-open' : ''}
                />
                <text x={b.x + 4} y={b.y + b.h + 16}>
                  {t('grid.schematic.building', { b: b.building, n: b.flats })}
                  {openBy().get(b.building) ? ` · ${t('grid.schematic.open', { n: openBy().get(b.building)! })}` : ''}
                </text>
              </g>
            )}
          </For>
        </svg>
      </Show>
    </section>
  )
}
