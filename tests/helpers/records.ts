/**
 * Records the server's content rules accept, one builder per ruled root, for tests that write raw Yjs
 * content (access matrix, hostile updates, content rules). Each takes the record's key field and the
 * person it is written by (the rules compare that person with the sender), then overrides: a test
 * that breaks a record spells out what it breaks.
 */
type Extra = Record<string, unknown>

/** A ballot (src/domain/voting/schema.ts). */
export const ballot = (householdId: string, recordedBy = 'x', extra: Extra = {}) => ({
  householdId,
  choice: 'agree',
  channel: 'tablet',
  recordedBy,
  at: 1,
  ...extra,
})

/** A votesig entry (src/domain/voting/signatures.ts): the voter's name and signature for one tablet ballot. */
export const signature = (householdId: string, recordedBy = 'x', extra: Extra = {}) => ({
  householdId,
  voterName: '周勇',
  signature: 'M 10 10 L 20 30',
  recordedBy,
  at: 1,
  ...extra,
})

/** A full canvass visit (src/domain/canvass/schema.ts); the server requires `visitor` = the sender. */
export const visit = (householdId: string, visitor = 'x', extra: Extra = {}) => ({
  v: 1,
  proposalId: 'pr_x',
  versionNo: 1,
  householdId,
  outcome: 'visited',
  metName: '',
  opinions: {},
  remark: '',
  visitor,
  visitorName: 'x',
  device: 'd',
  at: '2025-03-01T01:00:00Z',
  ...extra,
})

/** A redacted case-list entry (src/domain/mediation/caseList.ts): ids, enums, days only. */
export const caseSummary = (caseId: string, assignees: ReadonlyArray<string | undefined>, extra: Extra = {}) => ({
  caseId,
  type: 'noise',
  urgency: 'urgent',
  status: 'open',
  assignees: assignees.filter(Boolean),
  lead: null,
  createdAt: 1,
  reportedAt: 1,
  arrivedAt: null,
  closedAt: null,
  effectiveDay: null,
  slotDays: [],
  slotsDone: [],
  lastContactDay: null,
  termDays: [],
  planEnded: false,
  ...extra,
})

/** A published proposal version (src/domain/proposals/schema.ts). */
export const publishedVersion = (publishedBy: string, extra: Extra = {}) => ({
  no: 2,
  title: '方案',
  summary: '',
  budgetFen: 0,
  items: [],
  answers: [],
  note: '',
  publishedBy,
  publishedByName: 'x',
  publishedAt: '2025-03-01T01:00:00Z',
  ...extra,
})

/** A comment on published version 1 (src/domain/proposals/schema.ts), by `by`, name masked. */
export const versionComment = (by: string, extra: Extra = {}) => ({
  itemId: 'i1',
  parentId: null,
  text: '路灯再多装两盏',
  by,
  byName: '张*',
  at: '2026-12-01T00:00:00Z',
  versionNo: 1,
  ...extra,
})

/** A grid event (src/domain/grid/schema.ts); residents may only report with source 'resident'. */
export const gridEvent = (eventId: string, reporterId: string, extra: Extra = {}) => ({
  eventId,
  category: 'facility',
  title: '路灯不亮',
  description: '',
  place: '3号楼',
  gridId: null,
  source: 'worker',
  reporterId,
  reporterName: 'x',
  foundAt: 1,
  createdAt: 1,
  ...extra,
})

/**
 * One step of a grid event; `kind` and the fields that kind needs come in `extra`. `seq` (the
 * step's causal number, which the server's order rule checks) defaults to 1 for a report and 2 for
 * anything else, i.e. written right after the report.
 */
export const gridStep = (eventId: string, by: string, extra: Extra) => ({
  eventId,
  at: 2,
  by,
  byName: 'x',
  note: '',
  seq: extra.kind === 'report' ? 1 : 2,
  ...extra,
})

/** A volunteer order (src/domain/grid/schema.ts), requester's name masked. */
export const order = (orderId: string, requesterId: string, extra: Extra = {}) => ({
  orderId,
  service: '代买药品',
  detail: '',
  requesterId,
  requesterName: '张*',
  at: 1,
  ...extra,
})

/** One step of a volunteer order; `kind` and its fields come in `extra`. */
export const orderStep = (orderId: string, by: string, extra: Extra) => ({ orderId, at: 2, by, byName: 'x', ...extra })

/** An upper-level queue item (src/domain/escalation/schema.ts), as the server's bridge writes it. */
export const queueItem = (itemId: string, extra: Extra = {}) => ({
  itemId,
  councilId: 'c_x',
  councilName: '矩阵小区',
  eventId: 'e_seed',
  category: 'facility',
  summary: '路灯不亮',
  place: '3号楼',
  note: '',
  reportedAt: 1,
  escalatedAt: 2,
  fromLevel: 'compound',
  level: 'community',
  dueAt: 3,
  ...extra,
})

/** One step of a queue item. */
export const queueStep = (itemId: string, by: string, kind: string, note = '已处理') => ({
  kind,
  itemId,
  at: 4,
  by,
  byName: 'x',
  note,
  seq: 1,
})
