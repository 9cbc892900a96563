/** A labelled input at tablet size (≥44 px, 18 px text). */
import type { JSX } from 'solid-js'

export function Field(props: {
  label: string
  name: string
  value: string
  onInput: (v: string) => void
  type?: string
  autocomplete?: string
  inputmode?: 'numeric' | 'tel' | 'text'
  maxLength?: number
  required?: boolean
  placeholder?: string
  children?: JSX.Element
}) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        name={props.name}
        type={props.type ?? 'text'}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxLength={props.maxLength}
        required={props.required}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.children}
    </label>
  )
}
