/**
 * Content rules: the policy's conditions, one DocRules spec per condition (./rules/*), judged by the
 * one rule kit (./writeRules.ts) over the decoded update (./updateChanges.ts). The predicates
 * themselves live in src/domain/<feature>/ so the client runs the same code before writing.
 */
import * as Y from 'yjs'
import type { Condition } from '../../src/domain/access/policy'
import type { WriteActor, WriteProblem } from '../../src/domain/access/writeRules'
import { checkUpdate, type DocRules } from './writeRules'
import { type DecodedUpdate, missingDeps } from './updateDeps'
import { MINUTES_RULES } from './rules/minutesRules'
import { CANVASS_RULES } from './rules/canvassRules'
import { VOTE_RULES } from './rules/voteRules'
import { VOTE_SIGNATURE_RULES } from './rules/voteSignatureRules'
import { CASE_RULES } from './rules/caseRules'
import { PROPOSAL_RULES } from './rules/proposalRules'
import { GRID_RULES } from './rules/gridRules'
import { QUEUE_RULES } from './rules/queueRules'

export type { WriteActor, WriteProblem }
/** The per-connection context rules see (same shape as the domain's WriteActor). */
export type RuleContext = WriteActor
export type RuleRejection = WriteProblem

export const RULES = {
  ...MINUTES_RULES,
  ...CANVASS_RULES,
  ...VOTE_RULES,
  ...VOTE_SIGNATURE_RULES,
  ...CASE_RULES,
  ...PROPOSAL_RULES,
  ...GRID_RULES,
  ...QUEUE_RULES,
} as Record<Condition, DocRules>

/**
 * The check for one connection: structure for every doc type (no write access is exempt), then
 * each condition's rules. `now` is injectable for tests of the schedule guards.
 */
export function updateChecker(conditions: readonly Condition[], actor: WriteActor, now: () => number = Date.now) {
  const rules = conditions.map((c) => RULES[c])
  const check = (
    doc: Y.Doc,
    update: Uint8Array,
    known?: (client: number) => number,
    decoded?: DecodedUpdate,
  ): WriteProblem | null =>
    rules.length === 0
      ? missingDeps(update, known ?? ((client) => Y.getState(doc.store, client)), decoded)
      : checkUpdate(doc, update, rules, actor, now(), decoded)
  // Structure alone does not depend on other writes of a batch (see server/docs/writeQueue.ts).
  return Object.assign(check, { batchable: rules.length === 0 })
}
