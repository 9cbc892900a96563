/**
 * Sealing minutes (定稿): the pure predicates the server runs on the sealing update
 * (server/access/rules/minutesRules.ts) and the client runs before sealing, plus the command that
 * seals with a recorded quorum override.
 *
 * Quorum: more than half of the invited council members signed in (attendance() in queries.ts),
 * judged from the meeting record frozen into the seal (`seal.record.attendees`). Sealing without
 * quorum — or without a record to judge it by — needs an explicit override with a reason, recorded
 * in the minutes doc itself as `seal.quorumOverride` {reason, by, byName?, at} (docs/schema.md).
 * It is written in the same transaction as the seal and, like the seal, never changes afterwards.
 */
import { fail, parseAs, type Result } from '../result'
import type * as Y from 'yjs'
import { z } from 'zod'
import { hasRole, problem, type WriteActor, type WriteProblem } from '../access/writeRules'
import { sealMinutes, MINUTES_ROOTS, type SealInfo } from './minutes'
import { attendance, type Attendee } from './queries'

export const QuorumOverrideSchema = z
  .object({
    /** why the minutes are sealed without quorum (e.g. 书面表决已补齐) */
    reason: z.string().trim().min(2).max(500),
    by: z.string().min(1).max(64),
    byName: z.string().max(60).optional(),
    at: z.string().min(10).max(40),
  })
  .strict()
export type QuorumOverride = z.infer<typeof QuorumOverrideSchema>

const RecordAttendanceSchema = z.object({
  attendees: z.array(z.object({ member: z.boolean(), signIn: z.unknown().optional() }).passthrough()).max(500),
})

/** Did the meeting in the sealed record have quorum? null when the record does not say. */
export function recordHasQuorum(record: unknown): boolean | null {
  const p = RecordAttendanceSchema.safeParse(record)
  if (!p.success) return null
  return attendance(p.data.attendees as unknown as Attendee[]).quorum
}

/** Quorum guard: quorum met, or a valid override in the sealer's name. */
export function sealQuorumProblem(actor: WriteActor, record: unknown, override: unknown): WriteProblem | null {
  if (override === undefined) {
    return recordHasQuorum(record) === true
      ? null
      : problem('no-quorum', '会议未达到法定人数（需过半数成员到会），定稿须填写理由并记录为法定人数例外')
  }
  const p = QuorumOverrideSchema.safeParse(override)
  if (!p.success) return problem('no-quorum', '法定人数例外须写明理由')
  if (p.data.by !== actor.userId) return problem('forbidden', '只能以本人名义记录法定人数例外')
  return null
}

/** Who may seal, and in whose name. */
export function sealerProblem(actor: WriteActor, sealedBy: unknown): WriteProblem | null {
  if (!hasRole(actor, 'chair', 'secretary')) return problem('forbidden', '只有主任或秘书可以定稿')
  if (sealedBy !== actor.userId) return problem('forbidden', '只能以本人名义定稿')
  return null
}

/** Keys of the `seal` map a sealing update may write. */
export const SEAL_KEYS: ReadonlySet<string> = new Set([
  'hash',
  'sealedBy',
  'sealedByName',
  'sealedAt',
  'algorithm',
  'record',
  'quorumOverride',
])

/**
 * Seals like sealMinutes and records the quorum override in the same transaction (one update, so
 * the server sees the seal and its override together). `reason` is what the sealer typed.
 */
export function sealMinutesWithQuorumOverride(
  doc: Y.Doc,
  record: unknown,
  by: { userId: string; name: string; at: Date },
  reason: string,
): Result<SealInfo, 'minutes.sealed' | 'meeting.invalid'> {
  const override = parseAs(
    QuorumOverrideSchema,
    { reason, by: by.userId, byName: by.name, at: by.at.toISOString() },
    'meeting.invalid',
  )
  if (!override.ok) return override
  let info: Result<SealInfo, 'minutes.sealed'> = fail('minutes.sealed')
  doc.transact(
    () => {
      info = sealMinutes(doc, record, by)
      if (info.ok) doc.getMap<unknown>(MINUTES_ROOTS.seal).set('quorumOverride', override.value)
    },
    { source: 'client', userId: by.userId },
  )
  return info
}
