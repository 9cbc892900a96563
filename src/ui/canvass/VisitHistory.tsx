/** Every visit record of one household (two heads → two records, both shown). */
import { For, Show, type JSX } from 'solid-js'
import { t, type MessageKey } from '../../i18n'
import type { VisitEntry } from '../../domain/canvass/schema'
import type { VersionItem } from '../../domain/proposals/schema'
import { SignatureView } from '../meetings/SignaturePad'
import { formatDateTime } from '../../i18n/dates'

export function VisitHistory(props: { visits: VisitEntry[]; items: readonly VersionItem[] }): JSX.Element {
  return (
    <ul class="visit-history" data-testid="visit-history">
      <For each={props.visits}>
        {(v) => (
          <li data-testid="visit" data-visitor={v.visitorName}>
            <span class="tag">{t(`canvass.outcome.${v.outcome}` as MessageKey)}</span>{' '}
            {t('canvass.by', { name: v.visitorName, at: formatDateTime(v.at) })}
            <Show when={v.metName}>
              {' '}
              · {t('canvass.met')}：{v.metName}
            </Show>
            <Show when={v.outcome === 'visited'}>
              <ul class="visit-opinions">
                <For each={props.items.filter((it) => v.opinions[it.id])}>
                  {(it) => (
                    <li>
                      {it.title}：{t(`canvass.stance.${v.opinions[it.id]!.stance}` as MessageKey)}
                      <Show when={v.opinions[it.id]!.suggestion}> — {v.opinions[it.id]!.suggestion}</Show>
                    </li>
                  )}
                </For>
                <Show when={v.remark}>
                  <li>
                    {t('canvass.remark')}：{v.remark}
                  </li>
                </Show>
              </ul>
              <Show when={v.signature}>{(s) => <SignatureView signature={s()} />}</Show>
            </Show>
          </li>
        )}
      </For>
    </ul>
  )
}
