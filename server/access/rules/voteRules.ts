/**
 * Votes (src/domain/voting/schema.ts), wired to the pure predicates of src/domain/voting/writeRules.ts.
 *  - Nothing at all changes once `meta.status` is 'closed'.
 *  - Ballots: append-only, well-formed, in the sender's name, while open and within the schedule,
 *    for the households the sender's condition allows.
 *  - chair/secretary/admin ('vote-manage'): set up the draft, open (status + frozen roll together),
 *    close (refused while the tally has unresolved conflicts), write resolutions and log events in
 *    their own name; the frozen roll and settings never change after opening; a vote never re-opens.
 *  Everyone but the managers may touch nothing except `ballots`.
 */
import type { Condition } from '../../../src/domain/access/policy'
import { problem } from '../../../src/domain/access/writeRules'
import { readVote } from '../../../src/domain/voting/read'
import { openConflicts } from '../../../src/domain/voting/resolution'
import { VOTE_ROOTS } from '../../../src/domain/voting/schema'
import {
  BALLOT_SCOPE_OF_CONDITION,
  ballotProblem,
  closeVoteProblem,
  frozenFlatProblem,
  resolutionProblem,
  voteEventProblem,
  voteMetaKeyProblem,
  voteStatusProblem,
  type BallotScope,
} from '../../../src/domain/voting/writeRules'
import { type FREE, shown, type DocRules, type RecordRules, type UpdateView } from '../writeRules'

const status = (v: UpdateView) => v.before('meta', 'status')
const schedule = (v: UpdateView) => ({
  status: status(v),
  opensAt: v.before('meta', 'opensAt'),
  closesAt: v.before('meta', 'closesAt'),
})

const notClosed = (v: UpdateView) =>
  status(v) === 'closed' ? problem('closed', '表决已结束，不再接受选票或修改') : null

const ballots = (scope: BallotScope): RecordRules => ({
  kind: 'records',
  add: (_key, value, view, actor) => ballotProblem(actor, scope, schedule(view), value, view.now),
})

function ballotsOnly(scope: BallotScope): DocRules {
  return {
    roots: new Map([['ballots', ballots(scope)]]),
    others: 'refuse',
    outside: (root) => problem('forbidden', `只能新增选票，不能修改 ${shown(root)}`),
    first: notClosed,
  }
}

const manageRoots = new Map<string, RecordRules | typeof FREE>([
  ['ballots', ballots('any')],
  [
    'meta',
    {
      kind: 'records',
      add: (key, value, view) => voteMetaKeyProblem(status(view), key, undefined, value),
      change: (key, before, after, view) => voteMetaKeyProblem(status(view), key, before, after),
      remove: (key, before, view) => voteMetaKeyProblem(status(view), key, before, undefined),
    },
  ],
  [
    'frozenRoll',
    {
      kind: 'records',
      add: (key, value, view) =>
        status(view) === 'open'
          ? problem('forbidden', '表决开始后名册已固定，不能修改')
          : frozenFlatProblem(key, value),
      change: (key, _b, value, view) =>
        status(view) === 'open'
          ? problem('forbidden', '表决开始后名册已固定，不能修改')
          : frozenFlatProblem(key, value),
      remove: (_k, _b, view) =>
        status(view) === 'open' ? problem('forbidden', '表决开始后名册已固定，不能修改') : null,
    },
  ],
  [
    'resolutions',
    {
      kind: 'records',
      add: (_key, value, view, actor) =>
        resolutionProblem(actor, status(view), value, (id) => view.after('ballots', id) !== undefined),
    },
  ],
  ['log', { kind: 'records', add: (_key, value, _view, actor) => voteEventProblem(actor, value) }],
])

const voteManage: DocRules = {
  roots: manageRoots,
  others: 'refuse',
  outside: (root) => problem('forbidden', `表决文档不含 ${shown(root)}`),
  first: notClosed,
  last(view, actor) {
    const from = status(view)
    const to = view.after('meta', 'status')
    if (from === to) return null
    const added = [...view.written('frozenRoll').keys()].filter((k) => view.before('frozenRoll', k) === undefined)
    const p = voteStatusProblem(
      actor,
      from,
      to,
      { openedBy: view.after('meta', 'openedBy'), closedBy: view.after('meta', 'closedBy') },
      view.sizeBefore('frozenRoll') + added.length,
    )
    if (p) return p
    if (to === 'closed') {
      // The tally's conflicts over the live doc (every earlier frame applied): O(ballots), only
      // when closing (openConflicts is the voting module's public predicate for this guard).
      return closeVoteProblem(openConflicts(readVote(view.doc)))
    }
    return null
  },
}

export const VOTE_RULES: Partial<Record<Condition, DocRules>> = {
  'vote-manage': voteManage,
  'append-only-ballots': ballotsOnly(BALLOT_SCOPE_OF_CONDITION['append-only-ballots']),
  'own-scope-ballots': ballotsOnly(BALLOT_SCOPE_OF_CONDITION['own-scope-ballots']),
  'own-household-ballot': ballotsOnly(BALLOT_SCOPE_OF_CONDITION['own-household-ballot']),
}

/** Roots a vote doc may contain (kept in step with the schema). */
export const VOTE_DOC_ROOTS: readonly string[] = VOTE_ROOTS
