/**
 * The shape the council's index pages share (proposals, meetings, votes): a back link to the
 * council, a card with the title and the linked items (or a note when there are none), then the
 * page's create form. Each page passes only what differs: its items, their link and their text.
 */
import { A } from '@solidjs/router'
import { For, type JSX, Show } from 'solid-js'
import { t } from '../../i18n'

export function CouncilListPage<T>(props: {
  councilId: string
  title: string
  items: readonly T[]
  empty: string
  /** class of the note shown when there are no items */
  emptyClass?: 'muted' | 'empty'
  /** data-testid on the list's card */
  testId?: string
  /** under the title, before the list */
  actions?: JSX.Element
  href: (item: T) => string
  linkTestId: string
  /** what a link says */
  row: (item: T) => JSX.Element
  /** after the list's card: the create form, for those who may create */
  children?: JSX.Element
}): JSX.Element {
  return (
    <div class="stack">
      <A href={`/c/${props.councilId}`} class="back-link">
        ← {t('council.back')}
      </A>
      <section class="card" data-testid={props.testId}>
        <h1>{props.title}</h1>
        {props.actions}
        <Show when={props.items.length > 0} fallback={<p class={props.emptyClass ?? 'muted'}>{props.empty}</p>}>
          <ul class="section-list">
            <For each={props.items}>
              {(item) => (
                <li>
                  <A class="section-list__item" href={props.href(item)} data-testid={props.linkTestId}>
                    {props.row(item)}
                  </A>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      {props.children}
    </div>
  )
}

/** The create form under a list: a card with a heading, the page's fields and one submit button. */
export function CreateForm(props: {
  title: string
  testId: string
  submitLabel: string
  submitTestId: string
  disabled?: boolean
  onSubmit: (e: SubmitEvent) => void
  children: JSX.Element
}): JSX.Element {
  return (
    <form class="card form" onSubmit={(e) => props.onSubmit(e)} data-testid={props.testId}>
      <h2>{props.title}</h2>
      {props.children}
      <button type="submit" class="btn btn--primary" data-testid={props.submitTestId} disabled={props.disabled}>
        {props.submitLabel}
      </button>
    </form>
  )
}
