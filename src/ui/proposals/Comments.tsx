/** Threaded comments on one item (council members; offline like every other edit). */
import { TextField } from '../form/Form'
import { createSignal, For, Show, type JSX } from 'solid-js'
import type * as Y from 'yjs'
import { t } from '../../i18n'
import { addComment } from '../../domain/proposals/commands'
import type { CommentNode } from '../../domain/proposals/queries'
import type { Me } from '../meetings/useMeeting'
import { maskName } from '../../domain/grid/schema'
import { formatDateTime } from '../../i18n/dates'
import { Refusal } from '../Refusal'
import { createProposalRefusal } from './refusals'

function CommentBox(props: { onPost: (text: string) => void; testid: string }): JSX.Element {
  const [text, setText] = createSignal('')
  return (
    <form
      class="inline-form comment-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (!text().trim()) return
        props.onPost(text().trim())
        setText('')
      }}
    >
      <TextField
        class="grow"
        label={t('proposal.comment.placeholder')}
        value={text()}
        onInput={setText}
        data-testid={props.testid}
      />
      <button type="submit" class="btn btn--small">
        {t('proposal.comment.add')}
      </button>
    </form>
  )
}

function Thread(props: {
  node: CommentNode
  canWrite: boolean
  post: (text: string, parentId: string | null) => void
}): JSX.Element {
  const [replying, setReplying] = createSignal(false)
  return (
    <li class="comment" data-testid="comment">
      <div>
        <strong>{props.node.byName}</strong> <span class="muted">{formatDateTime(props.node.at)}</span>
      </div>
      <div class="comment__text">{props.node.text}</div>
      <Show when={props.canWrite}>
        <button type="button" class="btn--link" onClick={() => setReplying(!replying())}>
          {t('proposal.comment.reply')}
        </button>
      </Show>
      <Show when={replying()}>
        <CommentBox
          testid="reply-text"
          onPost={(text) => {
            props.post(text, props.node.id)
            setReplying(false)
          }}
        />
      </Show>
      <Show when={props.node.replies.length > 0}>
        <ul class="comment-list">
          <For each={props.node.replies}>{(r) => <Thread node={r} canWrite={props.canWrite} post={props.post} />}</For>
        </ul>
      </Show>
    </li>
  )
}

export function Comments(props: {
  doc: Y.Doc
  itemId: string
  threads: CommentNode[]
  count: number
  canWrite: boolean
  me: Me
  /** comments on a published version (in the proposal doc); absent = on the private draft */
  versionNo?: number
  /** residents' names are stored masked in docs every member reads */
  maskName?: boolean
}): JSX.Element {
  const refusal = createProposalRefusal()
  const post = (text: string, parentId: string | null): void => {
    const r = addComment(
      props.doc,
      {
        itemId: props.itemId,
        parentId,
        text,
        by: props.me.userId,
        byName: props.maskName ? maskName(props.me.name) : props.me.name,
        at: new Date().toISOString(),
        ...(props.versionNo !== undefined ? { versionNo: props.versionNo } : {}),
      },
      props.me.userId,
    )
    refusal.report(r)
  }
  return (
    <details class="comments" data-testid="item-comments">
      <summary>{t('proposal.comments', { n: props.count })}</summary>
      <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="comment-refusal" />
      <ul class="comment-list">
        <For each={props.threads}>{(n) => <Thread node={n} canWrite={props.canWrite} post={post} />}</For>
      </ul>
      <Show when={props.canWrite}>
        <CommentBox testid="comment-text" onPost={(text) => post(text, null)} />
      </Show>
    </details>
  )
}
