/**
 * Votes (src/domain/voting/schema.ts). Decisions, documented in docs/security.md and docs/schema.md:
 *  - Nothing at all changes once `meta.status` is 'closed' (a late offline ballot is refused and the
 *    recording tablet shows the rejection).
 *  - Ballots are append-only, accepted only while the vote is 'open', must pass BallotSchema and carry
 *    the sender's own user id in `recordedBy` (the audit trail says who recorded what). BallotSchema
 *    is strict, so a ballot carrying a voter's name or signature (schema version 1) is refused: those
 *    belong in the votesig doc (voteSignatureRules.ts), which residents cannot read.
 *  - chair/secretary/admin ('vote-manage'): set up the draft, open (status + frozen roll together),
 *    close, write resolutions (append-only, naming ballots that exist) and log events in their own
 *    name; the frozen roll never changes after opening; a vote never re-opens.
 *  - council members ('append-only-ballots'): ballots for any household (paper ballots, visits).
 *  - building/unit heads ('own-scope-ballots'): ballots only for households in their own buildings/
 *    units — the same scope as their canvass visits; a household elsewhere is another head's visit.
 *  - residents ('own-household-ballot'): ballots only for households in their membership scope.
 *  Everyone but the managers may touch nothing except `ballots`.
 */
import type * as Y from 'yjs'
import {
  appendOnly,
  inScope,
  json,
  reject,
  touchedOutside,
  type RuleContext,
  type RuleFn,
  type RuleRejection,
} from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'
import { BallotSchema, ResolutionSchema, VOTE_ROOTS, VoteEventSchema } from '../../../src/domain/voting/schema'

const status = (d: Y.Doc) => d.getMap('meta').get('status')

/** New ballots: well-formed, in the sender's name, vote open; `allowed` decides the household. */
function newBallots(
  before: Y.Doc,
  after: Y.Doc,
  ctx: RuleContext,
  allowed: (householdId: string) => boolean,
  why: string,
): RuleRejection | null {
  const r = appendOnly(before, after, 'ballots')
  if ('code' in r) return r
  if (r.added.length === 0) return null
  if (status(before) !== 'open') return reject('closed', '表决未开放或已结束，不接受选票')
  const ballots = after.getMap<unknown>('ballots')
  for (const key of r.added) {
    const parsed = BallotSchema.safeParse(ballots.get(key))
    if (!parsed.success) return reject('invalid', `选票 ${key} 格式不正确`)
    if (parsed.data.recordedBy !== ctx.userId) return reject('forbidden', '只能以本人名义记录选票')
    if (!allowed(parsed.data.householdId)) return reject('forbidden', `${why}（${parsed.data.householdId}）`)
  }
  return null
}

function ballotsOnly(allowed: (hh: string, ctx: RuleContext) => boolean, why: string): RuleFn {
  return (before, after, ctx) => {
    if (status(before) === 'closed') return reject('closed', '表决已结束，不再接受选票或修改')
    const other = touchedOutside(after, ['ballots'])
    if (other) return reject('forbidden', `只能新增选票，不能修改 ${other}`)
    return newBallots(before, after, ctx, (hh) => allowed(hh, ctx), why)
  }
}

const TRANSITIONS: Record<string, readonly unknown[]> = {
  none: [undefined, 'draft', 'open'],
  draft: ['draft', 'open'],
  open: ['open', 'closed'],
}
/** Meta keys that may change once the vote is open: only the closing stamp. */
const CLOSE_KEYS = new Set(['status', 'closedBy', 'closedAt'])

function checkMeta(before: Y.Doc, after: Y.Doc, ctx: RuleContext): RuleRejection | null {
  const b = before.getMap<unknown>('meta').toJSON()
  const a = after.getMap<unknown>('meta').toJSON()
  if (json(a) === json(b)) return null
  const from = b.status === undefined ? 'none' : String(b.status)
  if (!(TRANSITIONS[from] ?? []).includes(a.status))
    return reject('forbidden', `表决状态不能从 ${from} 改为 ${String(a.status)}`)
  if (from === 'open') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!CLOSE_KEYS.has(k) && json(a[k]) !== json(b[k])) return reject('forbidden', `表决开始后不能修改 ${k}`)
    }
    if (a.status === 'closed' && a.closedBy !== ctx.userId) return reject('forbidden', '只能以本人名义结束表决')
  }
  if (a.status === 'open' && from !== 'open') {
    if (after.getMap('frozenRoll').size === 0) return reject('invalid', '开始表决时必须固定名册')
    if (a.openedBy !== ctx.userId) return reject('forbidden', '只能以本人名义开始表决')
  }
  return null
}

function newRecords(
  before: Y.Doc,
  after: Y.Doc,
  map: string,
  check: (value: unknown) => RuleRejection | null,
): RuleRejection | null {
  const r = appendOnly(before, after, map)
  if ('code' in r) return r
  for (const key of r.added) {
    const bad = check(after.getMap<unknown>(map).get(key))
    if (bad) return bad
  }
  return null
}

const voteManage: RuleFn = (before, after, ctx) => {
  if (status(before) === 'closed') return reject('closed', '表决已结束，不再接受任何修改')
  const other = touchedOutside(after, [...VOTE_ROOTS])
  if (other) return reject('forbidden', `表决文档不含 ${other}`)
  const meta = checkMeta(before, after, ctx)
  if (meta) return meta
  if (
    status(before) === 'open' &&
    json(before.getMap('frozenRoll').toJSON()) !== json(after.getMap('frozenRoll').toJSON())
  ) {
    return reject('forbidden', '表决开始后名册已固定，不能修改')
  }
  const ballots = newBallots(before, after, ctx, () => true, '')
  if (ballots) return ballots
  const ballotIds = after.getMap('ballots')
  const resolutions = newRecords(before, after, 'resolutions', (value) => {
    if (status(before) !== 'open') return reject('closed', '只能在表决进行中处理冲突')
    const p = ResolutionSchema.safeParse(value)
    if (!p.success) return reject('invalid', '冲突处理记录格式不正确（需写明理由）')
    if (p.data.resolvedBy !== ctx.userId) return reject('forbidden', '只能以本人名义处理冲突')
    const ids = [p.data.keepBallotId, ...p.data.discardBallotIds]
    if (ids.some((id) => !ballotIds.has(id)) || p.data.discardBallotIds.includes(p.data.keepBallotId)) {
      return reject('invalid', '冲突处理引用了不存在的选票')
    }
    return null
  })
  if (resolutions) return resolutions
  return newRecords(before, after, 'log', (value) => {
    const p = VoteEventSchema.safeParse(value)
    if (!p.success) return reject('invalid', '日志记录格式不正确')
    return p.data.by === ctx.userId ? null : reject('forbidden', '只能以本人名义记日志')
  })
}

export const voteRules: Partial<Record<Condition, RuleFn>> = {
  'vote-manage': voteManage,
  'append-only-ballots': ballotsOnly(() => true, ''),
  'own-scope-ballots': ballotsOnly((hh, ctx) => inScope(hh, ctx.scope), '只能为本人负责的楼栋/单元的房屋记录选票'),
  'own-household-ballot': ballotsOnly(
    (hh, ctx) => (ctx.scope.households ?? []).includes(hh),
    '只能为本人名下的房屋投票',
  ),
}
