/** A refused change as the device keeps it (changeStore.ts `refused`) and the refused-changes page shows it. */

/** What the person can do about a refused change (see src/ui/refused/). */
export type RefusedAction =
  | { kind: 'addendum'; councilId: string; meetingId: string; text: string }
  | { kind: 'not-counted' }
  | { kind: 'responsible-head'; councilId: string; householdId: string }
  | { kind: 'none' }

export interface RefusedRecord {
  id: string
  /** Signed-in user the change was made by (a shared tablet keeps each person's list apart). */
  scope: string
  doc: string
  /** i18n key + params describing what it was ("2-2-0101 的表决票"). */
  what: { key: string; params: Record<string, string | number> }
  code: string
  /** The server's or the rule's own message (already Chinese); shown only as a detail. */
  message: string
  madeAt: number
  refusedAt: number
  action: RefusedAction
  /** Set once the person acted on it (e.g. the text went into the addendum). */
  resolved?: { kind: string; at: number }
  /** The refused Yjs update itself, kept for the record. */
  update: Uint8Array
}
