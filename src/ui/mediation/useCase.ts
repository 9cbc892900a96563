/**
 * Opens a case doc and the council's redacted case list for a view; re-reads the case on every
 * update burst, computes the view for "today" (Asia/Shanghai, from the clock below), and keeps the
 * case's list entry in step — only while the case is synced with the server, so a stale copy on
 * the device of someone just unassigned never writes (the server would refuse it anyway).
 */
import { createEffect, createMemo, createSignal, type Accessor } from 'solid-js'
import { readCase, viewCase, type CaseSnapshot, type CaseView } from '../../domain/mediation/caseRead'
import { summarize, upsertSummary } from '../../domain/mediation/caseList'
import type { CaseId } from '../../domain/mediation/schema'
import { shanghaiDay, type Clock } from '../../domain/mediation/time'
import { useDoc, useDocValue, type UsedDoc } from '../useDoc'
import { useNow } from '../useNow'
import { docName } from '../../domain/docTypes'

/**
 * The clock the case rules take: Date.now, which tests fix with Playwright's `page.clock`
 * (setFixedTime), so every rule and useNow (../useNow) see the same time.
 */
export const uiClock: Clock = () => Date.now()

/** Tracks which case docs this person opened on this device (to sweep them when unassigned). */
const OPENED_KEY = (scope: string) => `yishi:mediation:opened:${scope}`
export function rememberOpened(scope: string, name: string, add: boolean): void {
  const list = new Set<string>(JSON.parse(localStorage.getItem(OPENED_KEY(scope)) ?? '[]') as string[])
  if (add) list.add(name)
  else list.delete(name)
  localStorage.setItem(OPENED_KEY(scope), JSON.stringify([...list]))
}
export function openedCases(scope: string): string[] {
  try {
    return JSON.parse(localStorage.getItem(OPENED_KEY(scope)) ?? '[]') as string[]
  } catch {
    return []
  }
}

export interface UsedCase {
  doc: UsedDoc
  list: UsedDoc | null
  snap: Accessor<CaseSnapshot>
  view: Accessor<CaseView>
  now: Accessor<number>
  /** This device had the case open before: a refusal now means the person was unassigned. */
  wasAssigned: Accessor<boolean>
}

export function useCase(councilId: string, caseId: CaseId, canList: boolean, scope: string): UsedCase {
  const name = docName('case', councilId, caseId)
  const doc = useDoc(name)
  const list = canList ? useDoc(docName('caselist', councilId)) : null
  const now = useNow()
  // Opened here before (so a 4403 now means "unassigned"), as opposed to never assigned at all.
  const [wasAssigned, setWasAssigned] = createSignal(openedCases(scope).includes(name))
  const snap = useDocValue(doc.handle.doc, doc.handle.ready, readCase)
  const view = createMemo(() => viewCase(snap(), shanghaiDay(now())))
  createEffect(() => {
    if (doc.access() === 'ok' && snap().meta) {
      rememberOpened(scope, name, true)
      setWasAssigned(true)
    }
    if (doc.access() === 'denied') rememberOpened(scope, name, false)
  })
  createEffect(() => {
    const v = view()
    if (!list || !doc.status().synced || doc.access() !== 'ok' || !doc.ready() || !list.ready()) return
    const s = summarize(v)
    if (s) upsertSummary(list.handle.doc, s)
  })
  return { doc, list, snap, view, now, wasAssigned }
}
