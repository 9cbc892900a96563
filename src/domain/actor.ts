/**
 * Who does something, shared by every feature's commands. Records stamp the name as well as the id
 * so they read offline; ballots and vote log events also stamp the device (which tablet recorded it).
 */
export interface Actor {
  userId: string
  name: string
  device: string
}

/** The part of an Actor stamped on records that do not say which device wrote them (grid, proposals). */
export type NamedActor = Pick<Actor, 'userId' | 'name'>

/** Yjs transaction origin: who (or which server job) made a change; observers use it to skip echoes. */
export type Origin = { source: 'client'; userId: string } | { source: 'system'; reason: string }
export const byUser = (userId: string): Origin => ({ source: 'client', userId })
