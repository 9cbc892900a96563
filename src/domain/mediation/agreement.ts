/**
 * Agreement rules (People's Mediation Law): a written agreement (Art. 29) takes effect when every
 * party and the mediator have signed (or fingerprinted) it; the effective day is the Shanghai day of
 * the LAST signature. Within 30 days of taking effect the parties may jointly apply to a court for
 * judicial confirmation (Art. 33). Periods in days are counted from the day after the start
 * (民法典 Art. 201), so the window's last day is effective day + 30.
 *
 * Signatures are bound to the text they were given on (`textHash`): editing the agreement after
 * someone signed voids their signature, and everyone signs again.
 */
import type { Party, Signature, Term, TermCheck } from './schema'
import { addDays, daysBetween, shanghaiDay, type Day } from './time'

export const JUDICIAL_CONFIRMATION_DAYS = 30

export interface AgreementText {
  kind: 'written' | 'oral'
  facts: string
  issues: string
  responsibility: string
  terms: Term[]
  /** Art. 28: what the mediator recorded of an oral agreement */
  oralRecord: string
}

/** Stable 53-bit hash (cyrb53) of the agreement text: detects edits, not a cryptographic seal. */
export function agreementHash(a: AgreementText): string {
  const s = JSON.stringify([
    a.kind,
    a.facts,
    a.issues,
    a.responsibility,
    a.oralRecord,
    a.terms.map((t) => [t.id, t.party, t.text, t.how, t.due]),
  ])
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}

export interface RequiredSigner {
  signer: string
  name: string
  kind: 'party' | 'mediator'
}

/** Every party, and the lead mediator (`mediator:<userId>`). */
export function requiredSigners(parties: Party[], mediator: { userId: string; name: string } | null): RequiredSigner[] {
  const out: RequiredSigner[] = parties.map((p) => ({ signer: p.id, name: p.name, kind: 'party' }))
  if (mediator) out.push({ signer: `mediator:${mediator.userId}`, name: mediator.name, kind: 'mediator' })
  return out
}

export interface Effect {
  /** signatures valid for the current text, by signer */
  valid: Map<string, Signature>
  missing: RequiredSigner[]
  effective: boolean
  /** instant of the last required signature, when effective */
  effectiveAt: number | null
  effectiveDay: Day | null
  /** last day to apply jointly for judicial confirmation (Art. 33) */
  confirmationDeadline: Day | null
}

export function agreementEffect(text: AgreementText, signatures: Signature[], required: RequiredSigner[]): Effect {
  const hash = agreementHash(text)
  const valid = new Map<string, Signature>()
  for (const s of signatures) if (s.textHash === hash) valid.set(s.signer, s)
  const missing = required.filter((r) => !valid.has(r.signer))
  const hasParties = required.some((r) => r.kind === 'party')
  const hasMediator = required.some((r) => r.kind === 'mediator')
  const effective = missing.length === 0 && hasParties && hasMediator
  if (!effective)
    return { valid, missing, effective, effectiveAt: null, effectiveDay: null, confirmationDeadline: null }
  const effectiveAt = Math.max(...required.map((r) => valid.get(r.signer)!.at))
  const effectiveDay = shanghaiDay(effectiveAt)
  return {
    valid,
    missing,
    effective,
    effectiveAt,
    effectiveDay,
    confirmationDeadline: confirmationDeadline(effectiveDay),
  }
}

export const confirmationDeadline = (effectiveDay: Day): Day => addDays(effectiveDay, JUDICIAL_CONFIRMATION_DAYS)

/** Days left in the confirmation window (0 on its last day, negative once it has passed). */
export const confirmationDaysLeft = (effectiveDay: Day, todayDay: Day): number =>
  daysBetween(todayDay, confirmationDeadline(effectiveDay))

/** A term's due day, or null while the agreement is not yet in effect (relative deadlines). */
export function termDueDay(term: Term, effectiveDay: Day | null): Day | null {
  switch (term.due.kind) {
    case 'date':
      return term.due.day
    case 'days':
      return effectiveDay ? addDays(effectiveDay, term.due.days) : null
    case 'on-signing':
      return effectiveDay
  }
}

export type TermState = 'performed' | 'pending' | 'due-today' | 'overdue' | 'not-yet-effective'

export interface TermStatus {
  term: Term
  due: Day | null
  state: TermState
  check: TermCheck | null
}

/** Art. 31: which terms are performed, still pending, due today or overdue on `todayDay`. */
export function termStatuses(
  terms: Term[],
  checks: TermCheck[],
  effectiveDay: Day | null,
  todayDay: Day,
): TermStatus[] {
  const byTerm = new Map(checks.map((c) => [c.termId, c]))
  return terms.map((term) => {
    const check = byTerm.get(term.id) ?? null
    const due = termDueDay(term, effectiveDay)
    let state: TermState
    if (check?.performed) state = 'performed'
    else if (!effectiveDay) state = 'not-yet-effective'
    else if (due === null || due > todayDay) state = 'pending'
    else if (due === todayDay) state = 'due-today'
    else state = 'overdue'
    return { term, due, state, check }
  })
}

export const allTermsPerformed = (statuses: TermStatus[]): boolean => statuses.every((s) => s.state === 'performed')
