/**
 * Write rules of the vote doc as pure predicates over plain values — run by the server on every
 * incoming update (server/access/rules/voteRules.ts) and by the client before it writes (forms).
 * Each returns null (allowed) or a WriteProblem with a stable code and a zh-CN reason.
 *
 * Decisions (docs/security.md, docs/schema.md):
 *  - Ballots are append-only; a ballot is accepted only while the vote is 'open', in the recorder's
 *    own name, within the scope the recorder's condition allows.
 *  - Schedule: no ballot before `opensAt` by the server's clock; a ballot recorded (`at`) after
 *    `closesAt` is refused. A ballot recorded in time on an offline tablet still counts when it
 *    arrives after `closesAt`, as long as the chair has not closed the vote: the status is the hard
 *    stop, the schedule judges when the ballot was cast. `at` more than 10 minutes ahead of the
 *    server clock is refused (a device clock cannot move a ballot into the window).
 *  - Closing is refused while the tally lists unresolved conflicts (they would silently not count).
 */
import { z } from 'zod'
import { inScope, problem, type WriteActor, type WriteProblem } from '../access/writeRules'
import { dateTimeIn } from '../beijingTime'
import { BallotSchema, ResolutionSchema, VoteEventSchema, FrozenFlatSchema, type Ballot } from './schema'
import { SignatureEntrySchema } from './signatures'

export { BallotSchema, ResolutionSchema, VoteEventSchema, FrozenFlatSchema, SignatureEntrySchema }

const SIGNATURE_KEY = /^[A-Za-z0-9_-]{1,64}$/

/** Which households a ballot writer may record for (from their policy condition). */
export type BallotScope = 'any' | 'own-scope' | 'own-household'

export const BALLOT_SCOPE_OF_CONDITION = {
  'vote-manage': 'any',
  'append-only-ballots': 'any',
  'own-scope-ballots': 'own-scope',
  'own-household-ballot': 'own-household',
} as const satisfies Record<string, BallotScope>

/** What a ballot check needs to know about the vote (from its `meta`). */
export const VoteScheduleSchema = z.object({
  status: z.unknown(),
  opensAt: z.unknown().optional(),
  closesAt: z.unknown().optional(),
})
export type VoteSchedule = z.infer<typeof VoteScheduleSchema>

/** Allowed device clock lead over the server's clock for `at`. */
export const CLOCK_SKEW_MS = 10 * 60_000

/**
 * Epoch ms of a schedule time in meta, or null when absent/unparseable (then that bound is not
 * applied). Times without a zone are China time (+08:00, what the vote form writes: the
 * datetime-local value); a bare day ends at 24:00 when it is the closing bound.
 */
export function scheduleTime(v: unknown, closing = false): number | null {
  if (typeof v !== 'string' || v.length === 0 || v.length > 40) return null
  let iso = v
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) iso = `${v}T${closing ? '24:00' : '00:00'}+08:00`
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) iso = `${v}+08:00`
  const t = Date.parse(iso)
  return Number.isFinite(t) ? t : null
}

/** A schedule bound as a person reads it (the reason is zh-CN; devices translate the code). */
const zhTime = (v: unknown): string => (typeof v === 'string' ? dateTimeIn('zh-CN', v) : '—')

/** The schedule guard alone: is a ballot recorded at `at` acceptable at server time `now`? */
export function ballotWindowProblem(vote: VoteSchedule, at: number, now: number): WriteProblem | null {
  const opens = scheduleTime(vote.opensAt)
  const closes = scheduleTime(vote.closesAt, true)
  if (opens !== null && now < opens)
    return problem('not-yet-open', `表决尚未开始（${zhTime(vote.opensAt)} 开始），不接受选票`)
  if (at > now + CLOCK_SKEW_MS) return problem('bad-time', '选票时间晚于服务器时间，请校准设备时钟')
  if (opens !== null && at < opens)
    return problem('outside-schedule', `选票记录时间早于表决开始时间（${zhTime(vote.opensAt)}）`)
  if (closes !== null && at > closes)
    return problem('outside-schedule', `选票记录时间晚于表决截止时间（${zhTime(vote.closesAt)}），不计入`)
  return null
}

/**
 * A new ballot by `actor` (whose condition gives `scope`) into a vote in state `vote`, at server
 * time `now`. `value` is whatever the device wrote (validated here).
 */
export function ballotProblem(
  actor: WriteActor,
  scope: BallotScope,
  vote: VoteSchedule,
  value: unknown,
  now: number,
): WriteProblem | null {
  if (vote.status === 'closed') return problem('closed', '表决已结束，不再接受选票')
  if (vote.status !== 'open') return problem('closed', '表决未开放或已结束，不接受选票')
  const parsed = BallotSchema.safeParse(value)
  if (!parsed.success) return problem('invalid', '选票格式不正确')
  const b: Ballot = parsed.data
  if (b.recordedBy !== actor.userId) return problem('forbidden', '只能以本人名义记录选票')
  if (scope === 'own-scope' && !inScope(b.householdId, actor.scope))
    return problem('out-of-scope', `${b.householdId} 不在您负责的楼栋/单元`)
  if (scope === 'own-household' && !(actor.scope.households ?? []).includes(b.householdId))
    return problem('out-of-scope', `${b.householdId} 不是您名下的房屋`)
  return ballotWindowProblem(vote, b.at, now)
}

const STATUS_ZH: ReadonlyMap<unknown, string> = new Map([
  [undefined, '未建立'],
  ['draft', '草稿'],
  ['open', '进行中'],
  ['closed', '已结束'],
])
const statusZh = (s: unknown): string => STATUS_ZH.get(s) ?? '未知'

const TRANSITIONS: ReadonlyMap<string, readonly unknown[]> = new Map([
  ['none', [undefined, 'draft', 'open']],
  ['draft', ['draft', 'open']],
  ['open', ['open', 'closed']],
])
/** Meta keys that may change once the vote is open: only the closing stamp. */
export const CLOSE_KEYS: ReadonlySet<string> = new Set(['status', 'closedBy', 'closedAt'])

/**
 * A change of meta key `key` from `before` to `after`, with the vote's status before (`from`) and
 * after (`to`) the whole update. Managers only (vote-manage).
 */
export function voteMetaKeyProblem(from: unknown, key: string, before: unknown, after: unknown): WriteProblem | null {
  if (from === 'open' && !CLOSE_KEYS.has(key) && JSON.stringify(before) !== JSON.stringify(after))
    return problem('forbidden', `表决开始后不能修改 ${key.slice(0, 40)}`)
  return null
}

/** The status transition and who opens/closes. `rollSize` = frozen roll entries after the update. */
export function voteStatusProblem(
  actor: WriteActor,
  from: unknown,
  to: unknown,
  stamps: { openedBy: unknown; closedBy: unknown },
  rollSize: number,
): WriteProblem | null {
  const name = from === undefined ? 'none' : String(from)
  if (from === to) return null
  if (!(TRANSITIONS.get(name) ?? []).includes(to))
    return problem('forbidden', `表决状态不能从「${statusZh(from)}」改为「${statusZh(to)}」`)
  if (to === 'open') {
    if (rollSize === 0) return problem('invalid', '开始表决时必须固定名册')
    if (stamps.openedBy !== actor.userId) return problem('forbidden', '只能以本人名义开始表决')
  }
  if (to === 'closed' && stamps.closedBy !== actor.userId) return problem('forbidden', '只能以本人名义结束表决')
  return null
}

/** Closing guard: the tally's conflict list (tallyVote(...).result.conflicts) must be empty. */
export function closeVoteProblem(conflicts: readonly string[]): WriteProblem | null {
  if (conflicts.length === 0) return null
  const shown = conflicts.slice(0, 5).join('、') + (conflicts.length > 5 ? ` 等 ${conflicts.length} 户` : '')
  return problem('unresolved-conflicts', `还有未处理的冲突选票（${shown}），请先处理冲突再结束表决`)
}

/** A frozen-roll entry written while the vote is not yet open. */
export function frozenFlatProblem(householdId: string, value: unknown): WriteProblem | null {
  const p = FrozenFlatSchema.safeParse(value)
  return p.success && p.data.householdId === householdId
    ? null
    : problem('invalid', `名册记录 ${householdId.slice(0, 40)} 格式不正确`)
}

/** A conflict resolution (managers, while open); `ballotExists` sees ballots after the update. */
export function resolutionProblem(
  actor: WriteActor,
  status: unknown,
  value: unknown,
  ballotExists: (id: string) => boolean,
): WriteProblem | null {
  if (status !== 'open') return problem('closed', '只能在表决进行中处理冲突')
  const p = ResolutionSchema.safeParse(value)
  if (!p.success) return problem('invalid', '冲突处理记录格式不正确（需写明理由）')
  if (p.data.resolvedBy !== actor.userId) return problem('forbidden', '只能以本人名义处理冲突')
  const ids = [p.data.keepBallotId, ...p.data.discardBallotIds]
  if (ids.some((id) => !ballotExists(id)) || p.data.discardBallotIds.includes(p.data.keepBallotId))
    return problem('invalid', '冲突处理引用了不存在的选票')
  return null
}

export function voteEventProblem(actor: WriteActor, value: unknown): WriteProblem | null {
  const p = VoteEventSchema.safeParse(value)
  if (!p.success) return problem('invalid', '日志记录格式不正确')
  return p.data.by === actor.userId ? null : problem('forbidden', '只能以本人名义记日志')
}

/** A voter-signature entry (votesig doc) under ballot id `key`; `scope` as for ballots. */
export function signatureProblem(
  actor: WriteActor,
  scope: BallotScope,
  key: string,
  value: unknown,
): WriteProblem | null {
  const p = SignatureEntrySchema.safeParse(value)
  if (!SIGNATURE_KEY.test(key) || !p.success) return problem('invalid', `签名 ${key.slice(0, 40)} 格式不正确`)
  if (p.data.recordedBy !== actor.userId) return problem('forbidden', '只能以本人名义记录签名')
  if (scope === 'own-scope' && !inScope(p.data.householdId, actor.scope))
    return problem('out-of-scope', `${p.data.householdId} 不在您负责的楼栋/单元`)
  return null
}
