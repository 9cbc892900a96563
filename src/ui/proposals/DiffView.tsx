/** Compare any two versions (or a version and the draft): side by side, or inline by item. */
import { SelectField } from '../form/Form'
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js'
import { t, type MessageKey } from '../../i18n'
import { diffVersions, EMPTY_PLAN, type Comparable } from '../../domain/proposals/diff'
import { formatYuan, formatYuanDelta } from '../../domain/proposals/money'
import type { VersionItem } from '../../domain/proposals/schema'
import { categoryLabel, locationLabel } from './ItemEditor'

export interface PlanChoice {
  key: string
  label: string
  plan: Comparable
}

function ItemLine(props: { item: VersionItem }): JSX.Element {
  return (
    <span>
      <strong>{props.item.title || categoryLabel(props.item.category)}</strong>{' '}
      <span class="muted">
        {categoryLabel(props.item.category)} · {locationLabel(props.item.building)}
      </span>{' '}
      {formatYuan(props.item.costFen)}
    </span>
  )
}

function PlanColumn(props: {
  plan: Comparable
  label: string
  highlight: Map<string, 'added' | 'removed' | 'changed'>
}): JSX.Element {
  return (
    <div class="diff-col">
      <h4>{props.label}</h4>
      <p class="muted">
        {t('proposal.field.budget')}：{formatYuan(props.plan.budgetFen)}
      </p>
      <ol>
        <For each={props.plan.items}>
          {(it) => (
            <li class={`diff-row diff-row--${props.highlight.get(it.id) ?? 'same'}`}>
              <ItemLine item={it} />
            </li>
          )}
        </For>
      </ol>
    </div>
  )
}

export function DiffView(props: { choices: PlanChoice[]; defaultFrom: string; defaultTo: string }): JSX.Element {
  const [from, setFrom] = createSignal(props.defaultFrom)
  const [to, setTo] = createSignal(props.defaultTo)
  const [mode, setMode] = createSignal<'inline' | 'side'>('inline')
  const plan = (key: string): PlanChoice | undefined => props.choices.find((c) => c.key === key)
  const a = () => plan(from())?.plan ?? EMPTY_PLAN
  const b = () => plan(to())?.plan ?? EMPTY_PLAN
  const d = createMemo(() => diffVersions(a(), b()))
  const nothing = () =>
    d().added.length + d().removed.length + d().changed.length === 0 &&
    d().budget.deltaFen === 0 &&
    !d().titleChanged &&
    !d().summaryChanged
  const highlightA = () =>
    new Map<string, 'added' | 'removed' | 'changed'>([
      ...d().removed.map((i) => [i.id, 'removed'] as const),
      ...d().changed.map((c) => [c.id, 'changed'] as const),
    ])
  const highlightB = () =>
    new Map<string, 'added' | 'removed' | 'changed'>([
      ...d().added.map((i) => [i.id, 'added'] as const),
      ...d().changed.map((c) => [c.id, 'changed'] as const),
    ])
  return (
    <section class="card" data-testid="diff">
      <h2>{t('proposal.diff')}</h2>
      <div class="inline-form">
        <SelectField
          class="field--narrow"
          label={t('proposal.diff.from')}
          value={from()}
          onChange={setFrom}
          selectTestId="diff-from"
          options={props.choices.map((c) => ({ value: c.key, label: c.label }))}
        />
        <SelectField
          class="field--narrow"
          label={t('proposal.diff.to')}
          value={to()}
          onChange={setTo}
          selectTestId="diff-to"
          options={props.choices.map((c) => ({ value: c.key, label: c.label }))}
        />
        <button
          type="button"
          class="btn btn--small"
          aria-pressed={mode() === 'inline'}
          onClick={() => setMode('inline')}
        >
          {t('proposal.diff.inline')}
        </button>
        <button type="button" class="btn btn--small" aria-pressed={mode() === 'side'} onClick={() => setMode('side')}>
          {t('proposal.diff.side')}
        </button>
      </div>
      <p>
        {t('proposal.diff.budget', {
          before: formatYuan(d().budget.beforeFen),
          after: formatYuan(d().budget.afterFen),
          delta: formatYuanDelta(d().budget.deltaFen),
        })}
      </p>
      <p>
        {t('proposal.diff.total', {
          before: formatYuan(d().itemsTotal.beforeFen),
          after: formatYuan(d().itemsTotal.afterFen),
          delta: formatYuanDelta(d().itemsTotal.deltaFen),
        })}
      </p>
      <Show
        when={!nothing()}
        fallback={
          <p class="muted" data-testid="diff-none">
            {t('proposal.diff.none')}
          </p>
        }
      >
        <Show
          when={mode() === 'inline'}
          fallback={
            <div class="diff-side">
              <PlanColumn plan={a()} label={plan(from())?.label ?? ''} highlight={highlightA()} />
              <PlanColumn plan={b()} label={plan(to())?.label ?? ''} highlight={highlightB()} />
            </div>
          }
        >
          <ul class="diff">
            <Show when={d().titleChanged}>
              <li class="diff--changed" data-testid="diff-title">
                ~ {t('proposal.diff.titleChanged')}：
                <span class="diff-text">
                  <del>{a().title}</del> <ins>{b().title}</ins>
                </span>
              </li>
            </Show>
            <Show when={d().summaryChanged}>
              <li class="diff--changed" data-testid="diff-summary">
                ~ {t('proposal.diff.summaryChanged')}：
                <div class="diff-text">
                  <del>{a().summary}</del> <ins>{b().summary}</ins>
                </div>
              </li>
            </Show>
            <For each={d().added}>
              {(it) => (
                <li class="diff--added" data-testid="diff-added">
                  + {t('proposal.diff.added')}：<ItemLine item={it} />
                </li>
              )}
            </For>
            <For each={d().removed}>
              {(it) => (
                <li class="diff--removed" data-testid="diff-removed">
                  − {t('proposal.diff.removed')}：<ItemLine item={it} />
                </li>
              )}
            </For>
            <For each={d().changed}>
              {(c) => (
                <li class="diff--changed" data-testid="diff-changed">
                  ~ {t('proposal.diff.changed')}：<strong>{c.after.title || categoryLabel(c.after.category)}</strong>{' '}
                  <span class="muted">
                    ({c.fields.map((f) => t(`proposal.diff.field.${f}` as MessageKey)).join('、')})
                  </span>{' '}
                  <Show when={c.costDeltaFen !== 0}>
                    {t('proposal.diff.cost', {
                      before: formatYuan(c.before.costFen),
                      after: formatYuan(c.after.costFen),
                      delta: formatYuanDelta(c.costDeltaFen),
                    })}
                  </Show>
                  <Show when={c.fields.includes('title') || c.fields.includes('description')}>
                    <div class="diff-text">
                      <del>
                        {c.before.title} {c.before.description}
                      </del>{' '}
                      <ins>
                        {c.after.title} {c.after.description}
                      </ins>
                    </div>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </section>
  )
}
