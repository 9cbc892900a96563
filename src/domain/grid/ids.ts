/** Branded ids of the grid feature (doc names: src/domain/docTypes.ts) (docs/schema.md "grid", "event", "lists"). */
import { randomId, type Brand } from '../ids'

export type EventId = Brand<string, 'EventId'>
export type StepId = Brand<string, 'StepId'>
export type OrderId = Brand<string, 'OrderId'>

export const newEventId = (): EventId => randomId('e') as EventId
export const newStepId = (): StepId => randomId('s') as StepId
export const newOrderId = (): OrderId => randomId('o') as OrderId
export const newListItemId = (kind: 'n' | 'r' | 'p' | 'x' | 'k'): string => randomId(kind)

export const ID_RE = /^[A-Za-z0-9_-]{1,40}$/
