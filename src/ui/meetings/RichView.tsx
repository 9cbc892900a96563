/** Read-only rendering of canonical minutes content (versions, print); no HTML strings involved. */
import { For, Match, Switch, type JSX } from 'solid-js'
import { Dynamic } from 'solid-js/web'
import type { CanonicalNode } from '../../domain/meetings/canonical'

const BLOCK: Record<string, string> = {
  paragraph: 'p',
  blockquote: 'blockquote',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  codeBlock: 'pre',
}

function Text(props: { text: string; marks?: Record<string, unknown> }): JSX.Element {
  let el: JSX.Element = props.text
  const m = props.marks ?? {}
  if ('code' in m) el = <code>{el}</code>
  if ('bold' in m) el = <strong>{el}</strong>
  if ('italic' in m) el = <em>{el}</em>
  if ('strike' in m) el = <s>{el}</s>
  if ('underline' in m) el = <u>{el}</u>
  return el
}

function Node(props: { node: CanonicalNode }): JSX.Element {
  const n = props.node
  if ('text' in n) return <Text text={n.text} marks={n.marks} />
  if ('embed' in n) return null
  const children = () => <For each={n.content ?? []}>{(c) => <Node node={c} />}</For>
  return (
    <Switch fallback={<div>{children()}</div>}>
      <Match when={n.type === 'heading'}>
        {/* Minutes headings sit under the page's own h1/h2. */}
        <Dynamic component={`h${Math.min(6, Number(n.attrs?.level ?? 2) + 1)}`}>{children()}</Dynamic>
      </Match>
      <Match when={n.type === 'hardBreak'}>
        <br />
      </Match>
      <Match when={n.type === 'horizontalRule'}>
        <hr />
      </Match>
      <Match when={BLOCK[n.type]}>{(tag) => <Dynamic component={tag()}>{children()}</Dynamic>}</Match>
    </Switch>
  )
}

export function RichView(props: { content: readonly CanonicalNode[]; class?: string }): JSX.Element {
  return (
    <div class={props.class ?? 'rich-view'}>
      <For each={props.content}>{(n) => <Node node={n} />}</For>
    </div>
  )
}
