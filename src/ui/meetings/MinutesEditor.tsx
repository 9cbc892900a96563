/**
 * TipTap editor over a minutes doc's `default` fragment, with collaborators' carets coloured by
 * person (awareness `user` field). Loaded lazily: TipTap/ProseMirror stay out of the shell's JS.
 */
import { Editor } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { createEffect, onCleanup, onMount, Show, type JSX } from 'solid-js'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { t } from '../../i18n'
import { MINUTES_FIELD, canonicalFragment } from '../../domain/meetings/canonical'
import { blockTexts, isSealed, registerAuthor } from '../../domain/meetings/minutes'
import type { Me } from './useMeeting'
import './minutes-editor.css'

export interface MinutesEditorProps {
  doc: Y.Doc
  awareness: Awareness
  me: Me
  editable: boolean
  /** Headings offered by "插入议程标题" (agenda items), or none. */
  agendaHeadings?: string[]
  testId?: string
  /** accessible name of the editing area (axe: aria-input-field-name); defaults to 会议纪要 */
  label?: string
}

export default function MinutesEditor(props: MinutesEditorProps): JSX.Element {
  let host: HTMLDivElement | undefined
  let editor: Editor | undefined

  // Who wrote what: the first local change of this session records clientID → person.
  const onTx = (tr: Y.Transaction): void => {
    if (!tr.local || !props.editable || isSealed(props.doc)) return
    queueMicrotask(() => {
      if (props.editable)
        registerAuthor(props.doc, { userId: props.me.userId, name: props.me.name, colour: props.me.colour })
    })
  }

  onMount(() => {
    editor = new Editor({
      element: host!,
      editable: props.editable,
      // No <style> injection (the CSP forbids inline styles): the base styles are in minutes-editor.css.
      injectCSS: false,
      extensions: [
        StarterKit.configure({ undoRedo: false, link: false }),
        Collaboration.configure({ fragment: props.doc.getXmlFragment(MINUTES_FIELD) }),
        CollaborationCaret.configure({
          provider: { awareness: props.awareness },
          user: { name: props.me.name, color: props.me.colour },
        }),
      ],
      editorProps: {
        attributes: {
          class: 'minutes-editor__content',
          'data-testid': props.testId ?? 'minutes-content',
          'aria-label': props.label ?? t('minutes.editorLabel'),
          'aria-multiline': 'true',
          role: 'textbox',
        },
      },
    })
    props.doc.on('afterTransaction', onTx)
  })

  createEffect(() => {
    const editable = props.editable
    if (editor && editor.isEditable !== editable) editor.setEditable(editable)
  })

  onCleanup(() => {
    props.doc.off('afterTransaction', onTx)
    editor?.destroy()
  })

  const insertAgenda = (): void => {
    if (!editor) return
    const existing = new Set(blockTexts(canonicalFragment(props.doc.getXmlFragment(MINUTES_FIELD))))
    const missing = (props.agendaHeadings ?? []).filter((h) => !existing.has(h))
    if (missing.length === 0) return
    editor
      .chain()
      .focus('end')
      .insertContent(
        missing.flatMap((h) => [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: h }] },
          { type: 'paragraph' },
        ]),
      )
      .run()
  }

  return (
    <div class="minutes-editor">
      <Show when={props.editable}>
        <div class="minutes-editor__toolbar" role="toolbar">
          <button
            type="button"
            class="btn btn--small btn--ghost"
            onClick={() => editor?.chain().focus().toggleBold().run()}
          >
            <strong>{t('minutes.bold')}</strong>
          </button>
          <button
            type="button"
            class="btn btn--small btn--ghost"
            onClick={() => editor?.chain().focus().toggleHeading({ level: 2 }).run()}
          >
            {t('minutes.heading')}
          </button>
          <button
            type="button"
            class="btn btn--small btn--ghost"
            onClick={() => editor?.chain().focus().toggleBulletList().run()}
          >
            {t('minutes.list')}
          </button>
          <Show when={(props.agendaHeadings ?? []).length > 0}>
            <button type="button" class="btn btn--small btn--ghost" data-testid="insert-agenda" onClick={insertAgenda}>
              {t('minutes.insertAgenda')}
            </button>
          </Show>
        </div>
      </Show>
      <div ref={host} class="minutes-editor__host" />
    </div>
  )
}
