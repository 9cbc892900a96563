/**
 * The doc-type registry: every kind of Yjs document the app has, in one table. Each entry says how
 * the doc is named (`<type>:<councilId>[:<id>|<literal>…]`, or `<type>:<orgNodeId>` for org-node docs, docs/schema.md "Naming"), whether Yjs
 * may garbage-collect deleted content, which access rule applies (the first name segment is the
 * key into POLICY, src/domain/access/policy.ts), its schema version, and where its schema
 * (migrations) and read model live. Server (access, GC), sync and UI all read it; nothing else
 * builds or parses doc names (tests/unit/domain/docTypes.test.ts scans the sources for that).
 *
 * Why the schema and read model are module paths, not imported functions: this file is imported by
 * the app shell, the sync layer and the server; importing every feature's schema here would pull
 * zod and all features into each of them, and create import cycles (the features read their
 * version from here). The round-trip test imports every path and checks it is true.
 *
 * Adding a doc type: one entry below + its feature folder (README "Layout").
 */

/** One segment after the council id: a generated id, or a fixed word (`index`, `addendum`). */
type Segment = 'id' | { readonly literal: string }

interface DocKindSpec {
  /** First name segment = the access rule key (POLICY[role][type]). */
  readonly type: string
  /** Segments after the council id. */
  readonly rest: readonly Segment[]
  /**
   * Whether Yjs may garbage-collect deleted content. Minutes keep their full history (versions are
   * Yjs snapshots): with gc on, late-joining devices could not show old versions.
   */
  readonly gc: boolean
  /** `meta.schemaVersion` written by this build; null = the doc has no versioned meta. */
  readonly schemaVersion: number | null
  /** The module with the doc's schema; `migrate` names its migration function, if any. */
  readonly schema: { readonly module: string; readonly migrate?: string } | null
  /** The module (and function) that reads the doc into plain values for views and the server. */
  readonly readModel: { readonly module: string; readonly read: string } | null
  /**
   * What the id after the type names: a council (default) or an org node (district/street/community,
   * src/domain/org/). Access to an org-node doc is decided on the node and its ancestors, never on
   * council memberships (an org node id may look like a council id).
   */
  readonly scope?: 'council' | 'orgNode'
}

const ID: Segment = 'id'
const word = (literal: string): Segment => ({ literal })

export const DOC_KINDS = {
  council: { type: 'council', rest: [], gc: true, schemaVersion: null, schema: null, readModel: null },
  roll: {
    type: 'roll',
    rest: [],
    gc: true,
    schemaVersion: 1,
    schema: { module: 'roll/schema', migrate: 'migrateRollDoc' },
    readModel: { module: 'roll/queries', read: 'readRoll' },
  },
  notes: { type: 'notes', rest: [], gc: true, schemaVersion: null, schema: null, readModel: null },
  /** Further notes pages of a council (`notes:<councilId>:<id>`). */
  notesPage: { type: 'notes', rest: [ID], gc: true, schemaVersion: null, schema: null, readModel: null },
  meetingIndex: {
    type: 'meeting',
    rest: [word('index')],
    gc: true,
    schemaVersion: 1,
    schema: { module: 'meetings/schema', migrate: 'migrate' },
    readModel: { module: 'meetings/queries', read: 'readMeetings' },
  },
  meeting: {
    type: 'meeting',
    rest: [ID],
    gc: true,
    schemaVersion: 1,
    schema: { module: 'meetings/schema', migrate: 'migrate' },
    readModel: { module: 'meetings/queries', read: 'readMeeting' },
  },
  minutes: {
    type: 'minutes',
    rest: [ID],
    gc: false,
    schemaVersion: null,
    schema: null,
    readModel: { module: 'meetings/minutes', read: 'readVersions' },
  },
  /** Corrections after sealing: a separate, unsealed minutes-type doc. */
  addendum: {
    type: 'minutes',
    rest: [ID, word('addendum')],
    gc: false,
    schemaVersion: null,
    schema: null,
    readModel: { module: 'meetings/minutes', read: 'readVersions' },
  },
  proposalIndex: {
    type: 'proposal',
    rest: [word('index')],
    gc: true,
    schemaVersion: 1,
    schema: { module: 'proposals/schema', migrate: 'migrate' },
    readModel: { module: 'proposals/queries', read: 'readProposals' },
  },
  proposal: {
    type: 'proposal',
    rest: [ID],
    gc: true,
    schemaVersion: 1,
    schema: { module: 'proposals/schema', migrate: 'migrate' },
    readModel: { module: 'proposals/queries', read: 'readMeta' },
  },
  /**
   * The working draft of a plan's next version (title, summary, budget, items, photos, adopted
   * suggestions): only its editors may open it; residents read the published versions in the proposal.
   */
  plandraft: {
    type: 'plandraft',
    rest: [ID],
    gc: true,
    schemaVersion: null,
    schema: { module: 'proposals/draftDoc' },
    readModel: { module: 'proposals/queries', read: 'readDraft' },
  },
  /** One canvass doc per proposal; each visit names the version it asked about. */
  canvass: {
    type: 'canvass',
    rest: [ID],
    gc: true,
    schemaVersion: 1,
    schema: { module: 'canvass/schema' },
    readModel: { module: 'canvass/summary', read: 'summarise' },
  },
  vote: {
    type: 'vote',
    rest: [ID],
    gc: true,
    schemaVersion: 2,
    schema: { module: 'voting/schema' },
    readModel: { module: 'voting/read', read: 'readVote' },
  },
  /** Voters' names and handwritten signatures of tablet ballots, kept out of the vote doc. */
  votesig: {
    type: 'votesig',
    rest: [ID],
    gc: true,
    schemaVersion: null,
    schema: { module: 'voting/signatures' },
    readModel: { module: 'voting/signatures', read: 'readSignatures' },
  },
  case: {
    type: 'case',
    rest: [ID],
    gc: true,
    schemaVersion: 1,
    schema: { module: 'mediation/schema' },
    readModel: { module: 'mediation/caseRead', read: 'readCase' },
  },
  caselist: {
    type: 'caselist',
    rest: [],
    gc: true,
    schemaVersion: null,
    schema: null,
    readModel: { module: 'mediation/caseList', read: 'readCaseList' },
  },
  /** The compound's grid hierarchy. */
  grid: {
    type: 'grid',
    rest: [],
    gc: true,
    schemaVersion: 1,
    schema: { module: 'grid/schema', migrate: 'migrate' },
    readModel: { module: 'grid/hierarchy', read: 'readNodes' },
  },
  /** Every event of the compound and every step taken on it (append-only maps). */
  event: {
    type: 'event',
    rest: [],
    gc: true,
    schemaVersion: 1,
    schema: { module: 'grid/schema', migrate: 'migrate' },
    readModel: { module: 'grid/events', read: 'readEvents' },
  },
  /** The four lists and the volunteer service orders. */
  lists: {
    type: 'lists',
    rest: [],
    gc: true,
    schemaVersion: 1,
    schema: { module: 'grid/schema', migrate: 'migrate' },
    readModel: { module: 'grid/lists', read: 'readLists' },
  },
  /**
   * `queue:<orgNodeId>` — the upper-level queue (上级受理) of a community or street: events escalated
   * past the compound (copies without personal data, written by the server only) and the handlers'
   * steps. The id is an ORG NODE id, not a council id (src/domain/escalation/schema.ts).
   */
  queue: {
    type: 'queue',
    rest: [],
    gc: true,
    schemaVersion: 1,
    schema: { module: 'escalation/schema', migrate: 'migrate' },
    readModel: { module: 'escalation/queue', read: 'readQueue' },
    scope: 'orgNode',
  },
} as const satisfies Record<string, DocKindSpec>

export type DocKind = keyof typeof DOC_KINDS
export const DOC_KIND_NAMES = Object.keys(DOC_KINDS) as DocKind[]
/** The access rule keys, i.e. the first name segments (POLICY's columns). */
export type DocType = (typeof DOC_KINDS)[DocKind]['type']
export const DOC_TYPES = [...new Set(DOC_KIND_NAMES.map((k) => DOC_KINDS[k].type))] as DocType[]

/** Council ids and generated ids: URL- and storage-key-safe (src/protocol/docName.ts). */
const ID_PART = /^[A-Za-z0-9_-]{1,64}$/

type IdsOf<R> = R extends readonly [infer H, ...infer T] ? (H extends 'id' ? [id: string, ...IdsOf<T>] : IdsOf<T>) : []
type IdArgs<K extends DocKind> = IdsOf<(typeof DOC_KINDS)[K]['rest']>

/** The name of a doc of `kind` in council `councilId` (an org node id for scope-orgNode kinds); throws on an id that cannot be part of a name. */
export function docName<K extends DocKind>(kind: K, councilId: string, ...ids: IdArgs<K>): string {
  const spec: DocKindSpec = DOC_KINDS[kind]
  const given = ids as readonly string[]
  const parts = [spec.type, councilId]
  let next = 0
  for (const seg of spec.rest) parts.push(seg === 'id' ? (given[next++] ?? '') : seg.literal)
  for (const p of parts.slice(1)) {
    if (!ID_PART.test(p)) throw new Error(`invalid ${kind} doc name part ${JSON.stringify(p)}`)
  }
  return parts.join(':')
}

/** docName, or null when an id cannot be part of a name (e.g. a route parameter someone typed). */
export function tryDocName<K extends DocKind>(kind: K, councilId: string, ...ids: IdArgs<K>): string | null {
  try {
    return docName(kind, councilId, ...ids)
  } catch {
    return null
  }
}

export interface ParsedDocName {
  kind: DocKind
  type: DocType
  /** The id after the type: a council id, or an org node id for kinds with scope 'orgNode' (see scopeOf). */
  councilId: string
  /** The generated ids in the name, in order (e.g. [meetingId]). */
  ids: string[]
}

/** The kind, council and ids of a doc name; null for anything that is not a known doc name. */
export function parseDocName(name: string): ParsedDocName | null {
  if (name.length > 128) return null
  const [type, councilId, ...rest] = name.split(':')
  if (!type || !councilId || !ID_PART.test(councilId)) return null
  for (const kind of DOC_KIND_NAMES) {
    const spec: DocKindSpec = DOC_KINDS[kind]
    if (spec.type !== type || spec.rest.length !== rest.length) continue
    const ids: string[] = []
    const fits = spec.rest.every((seg, i) => {
      const part = rest[i] ?? ''
      if (seg !== 'id') return part === seg.literal
      ids.push(part)
      return ID_PART.test(part) && !isReservedWord(spec.type, part)
    })
    if (fits) return { kind, type: spec.type as DocType, councilId, ids }
  }
  return null
}

/**
 * The access scope of a name: its type (the rule key) and council, whatever segments follow. Access
 * is decided by these two alone, so every name of a known type is governed by that type's rule even
 * in a shape no client builds (the server has always accepted such names; refusing them now would
 * strand data stored under them).
 */
export function parseDocScope(name: string): { type: DocType; councilId: string } | null {
  const [type, councilId] = name.split(':')
  if (!type || !councilId || !ID_PART.test(councilId) || !(DOC_TYPES as string[]).includes(type)) return null
  return { type: type as DocType, councilId }
}

/** A fixed word of another kind of the same type (`meeting:c:index`) is never an id. */
function isReservedWord(type: string, part: string): boolean {
  return DOC_KIND_NAMES.some((k) => {
    const spec: DocKindSpec = DOC_KINDS[k]
    return spec.type === type && spec.rest.some((s) => s !== 'id' && s.literal === part)
  })
}

/** What the id after a doc type names: a council, or an org node (`queue:<orgNodeId>`). */
export function scopeOf(type: DocType): 'council' | 'orgNode' {
  const kind = DOC_KIND_NAMES.find((k) => DOC_KINDS[k].type === type)
  const spec: DocKindSpec | undefined = kind ? DOC_KINDS[kind] : undefined
  return spec?.scope ?? 'council'
}

/** Whether Yjs may garbage-collect this doc (false for minutes; true for unknown names). */
export function gcFor(name: string): boolean {
  const parsed = parseDocName(name)
  return parsed ? DOC_KINDS[parsed.kind].gc : true
}
