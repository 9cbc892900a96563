/** Ids of the escalation feature (doc name: src/domain/docTypes.ts `queue`). */
import { type Brand, newId } from '../ids'

export type QueueStepId = Brand<string, 'QueueStepId'>
export const newQueueStepId = (): QueueStepId => newId('q') as QueueStepId

/**
 * Key of the council's event step mirroring queue step `queueStepId` (server-written). Clients may
 * not write steps under this prefix (grid/writeRules.ts), so nobody can take the key first.
 */
export const MIRROR_PREFIX = 'up_'
export const mirrorStepKey = (queueStepId: string): string => `${MIRROR_PREFIX}${queueStepId}`
