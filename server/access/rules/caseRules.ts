/** Mediation cases: only assignees (plus chair/admin) write; nobody removes their own assignment. */
import { reject, type RuleFn } from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'

export const caseRules: Partial<Record<Condition, RuleFn>> = {
  // Assignment gates reads and writes alike; it is checked when the connection opens
  // (see accessForDoc) and again here so an update cannot remove the writer's own assignment.
  'assigned-only': (_before, after, ctx) => {
    const assignees = after.getMap('meta').get('assignees')
    const ok = ctx.roles.includes('chair') || ctx.roles.includes('admin') ||
      (Array.isArray(assignees) && assignees.includes(ctx.userId))
    return ok ? null : reject('forbidden', '您未被指派到此案件')
  },
}
