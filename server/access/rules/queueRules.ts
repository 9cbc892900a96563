/**
 * The upper-level queue (queue:<orgNodeId>, src/domain/escalation/schema.ts): handlers append steps
 * in their own name; items only ever come from the server's bridge (server/escalation/), which
 * writes with a system origin and never passes through these rules.
 */
import type { Condition } from '../../../src/domain/access/policy'
import { problem } from '../../../src/domain/access/writeRules'
import { gridMetaProblem } from '../../../src/domain/grid/writeRules'
import { queueItemProblem, queueSettingProblem, queueStepProblem } from '../../../src/domain/escalation/writeRules'
import { shown, type DocRules, type RecordRules } from '../writeRules'

const meta: RecordRules = {
  kind: 'records',
  key: () => true,
  add: (key, value) => gridMetaProblem(key, value),
  change: (key, _b, value) => gridMetaProblem(key, value),
}
const settings: RecordRules = {
  kind: 'records',
  key: () => true,
  add: (key, value) => queueSettingProblem(key, value),
  change: (key, _b, value) => queueSettingProblem(key, value),
}

export const QUEUE_RULES: Partial<Record<Condition, DocRules>> = {
  'queue-steps': {
    roots: new Map<string, RecordRules>([
      ['meta', meta],
      ['settings', settings],
      ['items', { kind: 'records', add: () => queueItemProblem(), frozenCode: 'server-only' }],
      [
        'steps',
        {
          kind: 'records',
          add: (_k, value, view, actor) => {
            const itemId = (value as { itemId?: unknown } | null)?.itemId
            return queueStepProblem(actor, value, typeof itemId === 'string' ? view.after('items', itemId) : undefined)
          },
        },
      ],
    ]),
    others: 'refuse',
    outside: (root) => problem('queue-shape', `上级受理文档只允许新增步骤（不允许 ${shown(root)}）`),
  },
}
