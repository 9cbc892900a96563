/** One item of the draft: category, name, description, location, cost, photos, discussion. */
import { SelectField, TextArea, TextField } from '../form/Form'
import { createSignal, For, Show, type JSX } from 'solid-js'
import type * as Y from 'yjs'
import { t, type MessageKey } from '../../i18n'
import { Refusal } from '../Refusal'
import { removeItem, updateItem } from '../../domain/proposals/commands'
import { formatYuan, parseYuan } from '../../domain/proposals/money'
import type { CommentNode, DraftItemEntry } from '../../domain/proposals/queries'
import { CATEGORIES, type Category } from '../../domain/proposals/schema'
import type { Me } from '../meetings/useMeeting'
import { Comments } from './Comments'
import { ItemPhotos } from './Photos'

export const categoryLabel = (c: Category): string => t(`proposals.cat.${c}` as MessageKey)
export const locationLabel = (b: string): string =>
  b ? t('proposal.item.building', { b }) : t('proposal.item.compound')

/** Amount input in yuan; writes fen on change, shows an error for what cannot be parsed exactly. */
export function YuanInput(props: {
  valueFen: number
  onChange: (fen: number) => void
  disabled: boolean
  testid: string
  label: string
}): JSX.Element {
  const [bad, setBad] = createSignal(false)
  return (
    <TextField
      class="field--narrow"
      label={props.label}
      inputmode="decimal"
      value={formatYuan(props.valueFen).replace(/,/g, '')}
      disabled={props.disabled}
      data-testid={props.testid}
      error={bad() ? t('proposal.item.badCost') : undefined}
      onChange={(e) => {
        const fen = parseYuan(e.currentTarget.value)
        setBad(fen === null)
        if (fen !== null) props.onChange(fen)
      }}
    />
  )
}

export function ItemEditor(props: {
  doc: Y.Doc
  item: DraftItemEntry
  index: number
  buildings: string[]
  editable: boolean
  me: Me
  threads: CommentNode[]
  commentCount: number
}): JSX.Element {
  const [refusal, setRefusal] = createSignal<string | null>(null)
  const set = (patch: Parameters<typeof updateItem>[2]): void => {
    const r = updateItem(props.doc, props.item.id, patch, props.me.userId)
    setRefusal(r.ok ? null : t('proposals.refusal.invalidItem'))
  }
  return (
    <li class="item-card" data-testid="draft-item" data-item-id={props.item.id}>
      <Refusal text={refusal()} onDismiss={() => setRefusal(null)} testId="item-refusal" />
      <div class="item-card__head">
        <span class="item-card__no">{props.index + 1}</span>
        <SelectField
          label={t('proposal.item.category')}
          value={props.item.category}
          disabled={!props.editable}
          selectTestId="item-category"
          onChange={(v) => set({ category: v as Category })}
        >
          <For each={CATEGORIES}>{(c) => <option value={c}>{categoryLabel(c)}</option>}</For>
        </SelectField>
        <TextField
          label={t('proposal.item.title')}
          value={props.item.title}
          disabled={!props.editable}
          data-testid="item-title"
          maxLength={200}
          onChange={(e) => set({ title: e.currentTarget.value.trim() })}
        />
      </div>
      <TextArea
        label={t('proposal.item.description')}
        rows={2}
        value={props.item.description}
        disabled={!props.editable}
        data-testid="item-description"
        maxLength={4000}
        onChange={(e) => set({ description: e.currentTarget.value })}
      />
      <div class="item-card__row">
        <SelectField
          class="field--narrow"
          label={t('proposal.item.location')}
          value={props.item.building}
          disabled={!props.editable}
          selectTestId="item-building"
          options={[
            { value: '', label: t('proposal.item.compound') },
            ...[...new Set([...props.buildings, ...(props.item.building ? [props.item.building] : [])])].map((b) => ({
              value: b,
              label: locationLabel(b),
            })),
          ]}
          onChange={(building) => set({ building })}
        />
        <YuanInput
          label={t('proposal.item.cost')}
          valueFen={props.item.costFen}
          disabled={!props.editable}
          testid="item-cost"
          onChange={(costFen) => set({ costFen })}
        />
        <Show when={props.editable}>
          <button
            type="button"
            class="btn btn--small btn--ghost"
            data-testid="item-remove"
            onClick={() => {
              if (confirm(t('proposal.item.removeConfirm'))) removeItem(props.doc, props.item.id, props.me.userId)
            }}
          >
            {t('proposal.item.remove')}
          </button>
        </Show>
      </div>
      <ItemPhotos
        doc={props.doc}
        itemId={props.item.id}
        photos={props.item.photos}
        editable={props.editable}
        userId={props.me.userId}
        alt={props.item.title || categoryLabel(props.item.category)}
      />
      <Comments
        doc={props.doc}
        itemId={props.item.id}
        threads={props.threads}
        count={props.commentCount}
        canWrite={props.editable}
        me={props.me}
      />
    </li>
  )
}
