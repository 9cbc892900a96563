/**
 * Agreement rules (People's Mediation Law):
 *  - a written agreement (Art. 29) takes effect when every party has signed, sealed or fingerprinted
 *    it, the mediator has signed it AND the committee's seal (加盖人民调解委员会印章) is recorded —
 *    the seal is a recorded step (signer `seal:committee`, kind 'seal'); the effective day is the
 *    Shanghai day of the LAST of these;
 *  - an oral agreement (Art. 28/30) takes effect when the parties reach it, recorded by the mediator:
 *    the mediator's record (signature) is the only required step and its time is the effective time;
 *  - Art. 29's contents (facts, disputed issues, terms with how and by when they are performed) are
 *    checked by `missingContents` — a warning, never a block: the law says "may state";
 *  - judicial confirmation (Art. 33): within 30 days of taking effect. Periods in days start the next
 *    day (民法典 Art. 201), so the nominal last day is effective day + 30; when that day is a statutory
 *    holiday or rest day the period ends on the first working day after it (Civil Procedure Law Art.
 *    85), from China's official calendar with 调休 (law/periods.ts).
 *
 * Signatures are bound to what was signed (`textHash`): the agreement text AND the parties'
 * particulars (name, role, ID number, address — Art. 29's 当事人基本情况). Editing either after
 * someone signed voids their signature, and everyone signs again.
 */
import { periodEnd, type PeriodEnd } from '../law/periods'
import type { Party, Signature, Term, TermCheck } from './schema'
import { addDays, daysBetween, shanghaiDay, type Day } from './time'

export const JUDICIAL_CONFIRMATION_DAYS = 30
/** The signer key of the committee seal record in the `signatures` map. */
export const COMMITTEE_SEAL = 'seal:committee'

/** The parties' particulars that are part of the signed agreement (not phones or relationships). */
export type PartyIdentity = Pick<Party, 'id' | 'name' | 'role' | 'idNumber' | 'address'>

export interface AgreementText {
  kind: 'written' | 'oral'
  facts: string
  issues: string
  responsibility: string
  terms: Term[]
  /** Art. 28: what the mediator recorded of an oral agreement */
  oralRecord: string
}

/**
 * Stable 53-bit hash (cyrb53) of what is signed — the agreement text and the parties' particulars
 * (sorted by party id): detects edits, not a cryptographic seal.
 */
export function agreementHash(a: AgreementText, parties: readonly PartyIdentity[]): string {
  const s = JSON.stringify([
    a.kind,
    a.facts,
    a.issues,
    a.responsibility,
    a.oralRecord,
    a.terms.map((t) => [t.id, t.party, t.text, t.how, t.due]),
    [...parties]
      .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
      .map((p) => [p.id, p.role, p.name, p.idNumber, p.address]),
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
  kind: 'party' | 'mediator' | 'seal'
}

/**
 * Written (Art. 29): every party, the lead mediator (`mediator:<userId>`) and the committee seal.
 * Oral (Art. 30): the lead mediator's record only — it takes effect when reached.
 */
export function requiredSigners(
  parties: readonly Party[],
  mediator: { userId: string; name: string } | null,
  kind: AgreementText['kind'] = 'written',
): RequiredSigner[] {
  const med: RequiredSigner[] = mediator
    ? [{ signer: `mediator:${mediator.userId}`, name: mediator.name, kind: 'mediator' }]
    : []
  if (kind === 'oral') return med
  return [
    ...parties.map((p): RequiredSigner => ({ signer: p.id, name: p.name, kind: 'party' })),
    ...med,
    { signer: COMMITTEE_SEAL, name: '人民调解委员会印章', kind: 'seal' },
  ]
}

/** Art. 29 contents a written agreement lacks (a warning for the mediator, never a block). */
export type MissingContent = 'facts' | 'issues' | 'terms' | 'how'
export function missingContents(a: AgreementText): MissingContent[] {
  if (a.kind === 'oral') return []
  const out: MissingContent[] = []
  if (!a.facts.trim()) out.push('facts')
  if (!a.issues.trim()) out.push('issues')
  if (a.terms.length === 0) out.push('terms')
  else if (a.terms.some((t) => !t.how.trim())) out.push('how')
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
  /** last day to apply jointly for judicial confirmation (Art. 33), holidays and 调休 applied */
  confirmationDeadline: Day | null
  /** how that day was found (nominal day, why it moved, whether the year's calendar is published) */
  confirmation: PeriodEnd | null
}

export function agreementEffect(
  text: AgreementText,
  signatures: Signature[],
  required: RequiredSigner[],
  parties: readonly PartyIdentity[],
): Effect {
  const hash = agreementHash(text, parties)
  const valid = new Map<string, Signature>()
  for (const s of signatures) if (s.textHash === hash) valid.set(s.signer, s)
  const missing = required.filter((r) => !valid.has(r.signer))
  const hasParties = text.kind === 'oral' || required.some((r) => r.kind === 'party')
  const hasMediator = required.some((r) => r.kind === 'mediator')
  const effective = missing.length === 0 && hasParties && hasMediator
  if (!effective)
    return {
      valid,
      missing,
      effective,
      effectiveAt: null,
      effectiveDay: null,
      confirmationDeadline: null,
      confirmation: null,
    }
  const effectiveAt = Math.max(...required.map((r) => valid.get(r.signer)!.at))
  const effectiveDay = shanghaiDay(effectiveAt)
  const confirmation = confirmationWindow(effectiveDay)
  return {
    valid,
    missing,
    effective,
    effectiveAt,
    effectiveDay,
    confirmationDeadline: confirmation.day,
    confirmation,
  }
}

/** The Art. 33 window: nominal last day effective + 30, moved past holidays and rest days. */
export const confirmationWindow = (effectiveDay: Day): PeriodEnd =>
  periodEnd(addDays(effectiveDay, JUDICIAL_CONFIRMATION_DAYS))

export const confirmationDeadline = (effectiveDay: Day): Day => confirmationWindow(effectiveDay).day

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
