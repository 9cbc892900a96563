/** The co-edited draft of the next version: title, summary, budget and items. */
import { TextArea, TextField } from '../form/Form'
import { For, Show, type JSX } from 'solid-js'
import type * as Y from 'yjs'
import { t } from '../../i18n'
import { addItem, updateDraft } from '../../domain/proposals/commands'
import { itemsTotalFen } from '../../domain/proposals/diff'
import { formatYuan } from '../../domain/proposals/money'
import { readComments, type DraftItemEntry } from '../../domain/proposals/queries'
import type { Draft } from '../../domain/proposals/schema'
import type { Me } from '../meetings/useMeeting'
import { ItemEditor, YuanInput } from './ItemEditor'
import { Refusal } from '../Refusal'
import { createProposalRefusal } from './refusals'

export function DraftEditor(props: {
  doc: Y.Doc
  version: number
  draft: Draft
  items: DraftItemEntry[]
  buildings: string[]
  editable: boolean
  me: Me
  commentCounts: Map<string, number>
}): JSX.Element {
  const total = () => itemsTotalFen(props.items)
  const refusal = createProposalRefusal()
  const add = (): void => {
    const r = addItem(
      props.doc,
      { category: 'wall_painting', title: '', description: '', building: '', costFen: 0 },
      props.me.userId,
      new Date(),
    )
    refusal.report(r)
  }
  return (
    <section class="card" data-testid="draft">
      <h2>{t('proposal.draft')}</h2>
      <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="draft-refusal" />
      <div class="form">
        <TextField
          label={t('proposal.field.title')}
          value={props.draft.title}
          disabled={!props.editable}
          data-testid="draft-title"
          maxLength={200}
          onChange={(e) => updateDraft(props.doc, { title: e.currentTarget.value.trim() }, props.me.userId)}
        />
        <TextArea
          label={t('proposal.field.summary')}
          rows={3}
          value={props.draft.summary}
          disabled={!props.editable}
          data-testid="draft-summary"
          maxLength={8000}
          onChange={(e) => updateDraft(props.doc, { summary: e.currentTarget.value }, props.me.userId)}
        />
        <YuanInput
          label={t('proposal.field.budget')}
          valueFen={props.draft.budgetFen}
          disabled={!props.editable}
          testid="draft-budget"
          onChange={(budgetFen) => updateDraft(props.doc, { budgetFen }, props.me.userId)}
        />
        <p data-testid="items-total">
          {t('proposal.itemsTotal', { amount: formatYuan(total()) })}
          <Show when={props.draft.budgetFen > 0 && total() > props.draft.budgetFen}>
            {' '}
            <span class="warn">
              {t('proposal.overBudget', { amount: formatYuan(total() - props.draft.budgetFen) })}
            </span>
          </Show>
        </p>
      </div>
      <h3>{t('proposal.items')}</h3>
      <Show when={props.items.length > 0} fallback={<p class="muted">{t('proposal.items.empty')}</p>}>
        <ol class="item-list">
          {/* Keyed by id (strings), not by record: a remote edit re-reads the records, and new
              objects would re-create every editor and lose what someone is typing. */}
          <For each={props.items.map((it) => it.id)}>
            {(id, i) => (
              <Show when={props.items.find((it) => it.id === id)}>
                {(item) => (
                  <ItemEditor
                    doc={props.doc}
                    item={item()}
                    index={i()}
                    buildings={props.buildings}
                    editable={props.editable}
                    me={props.me}
                    threads={(props.version, readComments(props.doc, id))}
                    commentCount={props.commentCounts.get(id) ?? 0}
                  />
                )}
              </Show>
            )}
          </For>
        </ol>
      </Show>
      <Show when={props.editable}>
        <button type="button" class="btn" data-testid="item-add" onClick={add}>
          {t('proposal.item.add')}
        </button>
      </Show>
    </section>
  )
}
