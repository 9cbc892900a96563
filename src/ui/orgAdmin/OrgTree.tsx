/** The tree as an indented list: each node a row with its kind, counts below it and its councils. */
import { For, Show } from 'solid-js'
import type { OutlineRow } from '../../domain/org/outline'
import { t } from '../../i18n'
import { kindLabel } from '../org/Figures'

function countsText(r: OutlineRow): string {
  const parts: string[] = []
  if (r.node.kind === 'district') parts.push(t('orgadmin.counts.streets', { n: r.counts.streets }))
  if (r.node.kind !== 'community') parts.push(t('orgadmin.counts.communities', { n: r.counts.communities }))
  parts.push(t('orgadmin.counts.councils', { n: r.counts.councils }))
  return parts.join(' · ')
}

export function OrgTree(props: { rows: OutlineRow[]; selectedId: string | undefined; onSelect: (id: string) => void }) {
  return (
    <ul class="org-tree" data-testid="org-tree">
      <For each={props.rows}>
        {(r) => (
          <li
            class="org-tree__row"
            classList={{ 'org-tree__row--selected': r.node.id === props.selectedId }}
            style={{ '--depth': r.depth }}
            data-testid="org-row"
            data-node={r.node.id}
            data-kind={r.node.kind}
          >
            <button
              type="button"
              class="org-tree__node"
              aria-pressed={r.node.id === props.selectedId}
              onClick={() => props.onSelect(r.node.id)}
            >
              <span class="tag">{kindLabel(r.node.kind)}</span>
              <span class="org-tree__name" translate="no" data-testid="org-row-name">
                {r.node.name}
              </span>
              <span class="org-tree__counts muted" data-testid="org-row-counts">
                {countsText(r)}
              </span>
            </button>
            <Show when={r.councils.length > 0}>
              <ul class="org-tree__councils">
                <For each={r.councils}>
                  {(c) => (
                    <li data-testid="org-council" data-council={c.id}>
                      <span class="tag">{kindLabel('council')}</span> <span translate="no">{c.name}</span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </li>
        )}
      </For>
    </ul>
  )
}
