/**
 * Mediation cases: only assignees (plus chair/admin) write; nobody removes their own assignment.
 * The redacted case list: strict non-personal entries, each only by the case's assignees
 * (predicates: src/domain/mediation/writeRules.ts).
 */
import type { Condition } from '../../../src/domain/access/policy'
import { problem } from '../../../src/domain/access/writeRules'
import {
  caseAssignmentProblem,
  caseListEntryProblem,
  caseListRemoveProblem,
} from '../../../src/domain/mediation/writeRules'
import { shown, type DocRules } from '../writeRules'

export const CASE_RULES: Partial<Record<Condition, DocRules>> = {
  // Assignment gates reads and writes alike; it is checked when the connection opens
  // (see accessForDoc) and again here so an update cannot remove the writer's own assignment.
  'assigned-only': {
    roots: new Map(),
    others: 'free',
    last: (view, actor) => caseAssignmentProblem(actor, view.after('meta', 'assignees')),
  },
  'redacted-case-list': {
    roots: new Map([
      [
        'cases',
        {
          kind: 'records',
          add: (key, value, _v, actor) => caseListEntryProblem(actor, key, undefined, value),
          change: (key, before, value, _v, actor) => caseListEntryProblem(actor, key, before, value),
          remove: (_key, _before, _v, actor) => caseListRemoveProblem(actor),
        },
      ],
    ]),
    others: 'refuse',
    outside: (root) => problem('case-list-shape', `案件清单只允许修改 cases（不允许 ${shown(root)}）`),
  },
}
