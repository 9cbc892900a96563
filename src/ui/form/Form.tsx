/**
 * The one set of form controls every feature uses: a visible label above the control (never a
 * placeholder as the only label), an optional hint and error tied to it with aria-describedby, and
 * targets of at least 48 px on tablets / 44 px on phones (form.css). Works both uncontrolled (read
 * with FormData by `name`) and controlled (`value` + `onInput`/`onChange`).
 */
import { createEffect, createSignal, createUniqueId, For, type JSX, Show, splitProps } from 'solid-js'
import { formatDate, formatDateTime } from '../../i18n/dates'
import './form.css'

interface FieldFrame {
  label: string
  hint?: string
  error?: string
  /** data-testid on the wrapper */
  testId?: string
  class?: string
}

function describedBy(id: string, p: FieldFrame): string | undefined {
  const ids = [p.hint ? `${id}-hint` : '', p.error ? `${id}-err` : ''].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

function Frame(props: FieldFrame & { id: string; children: JSX.Element; after?: JSX.Element }) {
  return (
    <div
      class={`ui-field ${props.class ?? ''}`}
      classList={{ 'ui-field--error': !!props.error }}
      data-testid={props.testId}
    >
      <label class="ui-field__label" for={props.id}>
        {props.label}
      </label>
      {props.children}
      {props.after}
      <Show when={props.hint}>
        <p class="ui-field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="ui-field__error" id={`${props.id}-err`} role="alert">
          {props.error}
        </p>
      </Show>
    </div>
  )
}

type InputAttrs = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value' | 'id'>

export function TextField(props: FieldFrame & InputAttrs & { value?: string; onInput?: (v: string) => void }) {
  const [frame, own, rest] = splitProps(props, ['label', 'hint', 'error', 'testId', 'class'], ['value', 'onInput'])
  const id = createUniqueId()
  return (
    <Frame {...frame} id={id}>
      <input
        {...rest}
        id={id}
        class="ui-input"
        value={own.value ?? ''}
        aria-invalid={frame.error ? true : undefined}
        aria-describedby={describedBy(id, frame)}
        onInput={(e) => own.onInput?.(e.currentTarget.value)}
      />
    </Frame>
  )
}

type AreaAttrs = Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'onInput' | 'value' | 'id'>

export function TextArea(props: FieldFrame & AreaAttrs & { value?: string; onInput?: (v: string) => void }) {
  const [frame, own, rest] = splitProps(props, ['label', 'hint', 'error', 'testId', 'class'], ['value', 'onInput'])
  const id = createUniqueId()
  return (
    <Frame {...frame} id={id}>
      <textarea
        rows={3}
        {...rest}
        id={id}
        class="ui-input"
        value={own.value ?? ''}
        aria-invalid={frame.error ? true : undefined}
        aria-describedby={describedBy(id, frame)}
        onInput={(e) => own.onInput?.(e.currentTarget.value)}
      />
    </Frame>
  )
}

export interface Option {
  value: string
  label: string
}

export function SelectField(
  props: FieldFrame & {
    name?: string
    /** the choices; or `children` (<option>s drawn by the caller, e.g. with a preselected one) */
    options?: readonly Option[]
    children?: JSX.Element
    value?: string
    required?: boolean
    disabled?: boolean
    /** a first, empty choice ("请选择") */
    placeholder?: string
    onChange?: (v: string) => void
    selectTestId?: string
  },
) {
  const id = createUniqueId()
  // The value is set after the options exist: a `value` binding runs before <For> has drawn them
  // (and `value={undefined}` empties the box), so a chosen option showed as a blank field.
  let select!: HTMLSelectElement
  createEffect(() => {
    const v = props.value
    void props.options
    if (v !== undefined) select.value = v
  })
  return (
    <Frame {...props} id={id}>
      <select
        ref={select}
        id={id}
        class="ui-input"
        name={props.name}
        required={props.required}
        disabled={props.disabled}
        data-testid={props.selectTestId}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props)}
        onChange={(e) => props.onChange?.(e.currentTarget.value)}
      >
        <Show when={props.placeholder !== undefined}>
          <option value="">{props.placeholder}</option>
        </Show>
        <For each={props.options ?? []}>
          {(o) => (
            <option value={o.value} selected={o.value === props.value}>
              {o.label}
            </option>
          )}
        </For>
        {props.children}
      </select>
    </Frame>
  )
}

/**
 * Date or date-and-time: the browser's picker (what a tablet's keyboard handles best) with the
 * chosen value echoed underneath in Chinese ("2026年12月2日 周三 08:00"), whatever the device's
 * own date format is. Values are Beijing wall-clock strings, as the domain stores them.
 */
export function DateTimeField(
  props: FieldFrame & {
    name?: string
    kind?: 'date' | 'datetime'
    value?: string
    required?: boolean
    min?: string
    max?: string
    onInput?: (v: string) => void
    inputTestId?: string
  },
) {
  const id = createUniqueId()
  const [current, setCurrent] = createSignal(props.value ?? '')
  const echo = () => {
    const v = props.onInput ? (props.value ?? '') : current()
    if (!v) return ''
    return props.kind === 'date' ? formatDate(v) : formatDateTime(v)
  }
  return (
    <Frame
      {...props}
      id={id}
      after={
        <p
          class="ui-field__echo"
          aria-hidden="true"
          data-testid={props.inputTestId ? `${props.inputTestId}-echo` : undefined}
        >
          {echo()}
        </p>
      }
    >
      <input
        id={id}
        class="ui-input"
        type={props.kind === 'date' ? 'date' : 'datetime-local'}
        name={props.name}
        required={props.required}
        min={props.min}
        max={props.max}
        value={props.value ?? ''}
        data-testid={props.inputTestId}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props)}
        onInput={(e) => {
          setCurrent(e.currentTarget.value)
          props.onInput?.(e.currentTarget.value)
        }}
      />
    </Frame>
  )
}

/** Radio choice drawn as big segments (one tap each), a real radio group for forms and readers. */
export function ChoiceField(
  props: Omit<FieldFrame, 'label'> & {
    legend: string
    name: string
    options: readonly Option[]
    value?: string
    onChange?: (v: string) => void
    /** data-testid of each option's radio (tests pick by value) */
    optionTestId?: (value: string) => string
  },
) {
  return (
    <fieldset class="ui-choice" data-testid={props.testId}>
      <legend class="ui-field__label">{props.legend}</legend>
      <div class="ui-choice__options">
        <For each={props.options}>
          {(o) => (
            <label class="ui-choice__option">
              <input
                type="radio"
                name={props.name}
                value={o.value}
                checked={o.value === props.value}
                data-testid={props.optionTestId?.(o.value)}
                onChange={(e) => e.currentTarget.checked && props.onChange?.(o.value)}
              />
              <span>{o.label}</span>
            </label>
          )}
        </For>
      </div>
      <Show when={props.hint}>
        <p class="ui-field__hint">{props.hint}</p>
      </Show>
      <Show when={props.error}>
        <p class="ui-field__error" role="alert">
          {props.error}
        </p>
      </Show>
    </fieldset>
  )
}

/** A form's error sentence (role="alert", so screen readers announce it); nothing when empty. */
export function FormError(props: { error: string; testId?: string }) {
  return (
    <Show when={props.error}>
      <p class="form__error" role="alert" data-testid={props.testId}>
        {props.error}
      </p>
    </Show>
  )
}

/** The one big primary action of a form (full width on phones). */
export function PrimaryButton(
  props: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { testId?: string; children: JSX.Element },
) {
  const [own, rest] = splitProps(props, ['testId', 'children', 'class', 'type'])
  return (
    <button
      {...rest}
      type={own.type ?? 'submit'}
      class={`btn btn--primary btn--big ${own.class ?? ''}`}
      data-testid={own.testId}
    >
      {own.children}
    </button>
  )
}

/** One yes/no choice: the whole label row is the target (≥ 48/44 px), the box itself 1.5 rem. */
export function CheckField(props: {
  label: string
  checked: boolean
  onChange: (v: boolean) => void
  name?: string
  disabled?: boolean
  testId?: string
  class?: string
}) {
  return (
    <label class={`ui-check ${props.class ?? ''}`}>
      <input
        type="checkbox"
        name={props.name}
        checked={props.checked}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <span>{props.label}</span>
    </label>
  )
}

/**
 * Picking files (a photo from the camera, a roll spreadsheet): a finger-sized button whose label is
 * the visible text; the browser's own file input stays in the page, visually hidden, so forms, tests
 * and readers still reach it.
 */
export function FileButton(props: {
  label: string
  accept?: string
  multiple?: boolean
  capture?: 'environment' | 'user'
  disabled?: boolean
  testId?: string
  class?: string
  onFiles: (files: File[]) => void
  ref?: (input: HTMLInputElement) => void
}) {
  return (
    <label class={`btn ui-file ${props.class ?? ''}`}>
      {props.label}
      <input
        ref={props.ref}
        type="file"
        class="ui-file__input"
        accept={props.accept}
        multiple={props.multiple}
        capture={props.capture}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])]
          e.currentTarget.value = ''
          if (files.length) props.onFiles(files)
        }}
      />
    </label>
  )
}
