/**
 * The Art. 33 judicial-confirmation deadline with the rule it follows: shown on the case and on the
 * printed agreement (`zh` forces Chinese on the print). Holidays and 调休 come from law/periods.ts.
 */
import { Show } from 'solid-js'
import type { PeriodEnd } from '../../domain/law/periods'
import { daysBetween, type Day } from '../../domain/mediation/time'
import { t } from '../../i18n'
import { agreementStrings } from '../../i18n/features/agreement'
import { formatDate } from '../../i18n/dates'

export type AgreementKey = keyof typeof agreementStrings.zh
type Tr = (k: AgreementKey, p?: Record<string, string | number>) => string

/** Chinese whatever the UI language (the printed agreement is always in Chinese). */
export const zhAgreement: Tr = (k, p = {}) =>
  agreementStrings.zh[k].replace(/\{(\w+)\}/g, (m, n: string) => (n in p ? String(p[n]) : m))

/** A day on the printed agreement: Chinese whatever the UI language. */
export const zhDay = (day: string): string => formatDate(day, '—', 'zh-CN')
/** A day in the language `tr` speaks (the print's zhAgreement or the UI's t). */
const dayFor = (tr: Tr, day: string): string => (tr === zhAgreement ? zhDay(day) : formatDate(day))

export function confirmMovedText(c: PeriodEnd, tr: Tr = t): string {
  if (c.movedBecause === 'holiday')
    return tr('agreement.confirmMovedHoliday', { nominal: dayFor(tr, c.nominal), name: c.holidayName ?? '' })
  if (c.movedBecause === 'rest-day') return tr('agreement.confirmMovedRest', { nominal: dayFor(tr, c.nominal) })
  return ''
}

export function ConfirmWindow(props: { window: PeriodEnd; today?: Day; tr?: Tr }) {
  const tr = () => props.tr ?? t
  const left = () => (props.today ? daysBetween(props.today, props.window.day) : null)
  return (
    <div class="confirm-window" data-testid="confirm-window" data-deadline={props.window.day}>
      <p>
        <strong>
          {left() !== null && left()! < 0
            ? tr()('agreement.confirmPassed', { day: dayFor(tr(), props.window.day) })
            : tr()('agreement.confirmUntil', { day: dayFor(tr(), props.window.day) })}
        </strong>
        <Show when={left() !== null && left()! >= 0}> · {tr()('agreement.confirmLeft', { n: left()! })}</Show>
      </p>
      <Show when={props.window.movedBecause}>
        <p data-testid="confirm-moved">{confirmMovedText(props.window, tr())}</p>
      </Show>
      <Show when={!props.window.calendarKnown}>
        <p class="warning" data-testid="confirm-unknown-year">
          {tr()('agreement.confirmUnknownYear')}
        </p>
      </Show>
      <p class="muted confirm-window__rule">{tr()('agreement.confirmRule')}</p>
    </div>
  )
}
