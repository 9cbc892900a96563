/** Branded ids of the grid feature (doc names: src/domain/docTypes.ts) (docs/schema.md "grid", "event", "lists"). */
import { newId, type Brand } from '../ids'

export type EventId = Brand<string, 'EventId'>
export type StepId = Brand<string, 'StepId'>
export type OrderId = Brand<string, 'OrderId'>

export const newEventId = (): EventId => newId('e') as EventId
export const newStepId = (): StepId => newId('s') as StepId
export const newOrderId = (): OrderId => newId('o') as OrderId
export const newListItemId = (kind: 'n' | 'r' | 'p' | 'x' | 'k'): string => newId(kind)

export const ID_RE = /^[A-Za-z0-9_-]{1,40}$/
