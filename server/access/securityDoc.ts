/** Renders docs/security.md from the policy table, so the document cannot drift from the code. */
import { CONDITIONS, DOC_TYPES, POLICY, ROLES, type Rule } from '../../src/domain/access/policy'
import { renderHttpTable } from './httpAccess'
import { SECURITY_PROSE } from './securityProse'

const cell = (r: Rule) => {
  const base = { none: '—', read: 'R', write: 'RW', cond: 'RW*' }[r.level]
  return r.conditions?.length ? `${base} (${r.conditions.join(', ')})` : base
}

export function renderSecurityDoc(): string {
  const head = `| role \\ doc type | ${DOC_TYPES.join(' | ')} |\n|---|${DOC_TYPES.map(() => '---').join('|')}|\n`
  const rows = ROLES.map((role) => `| ${role} | ${DOC_TYPES.map((t) => cell(POLICY[role][t])).join(' | ')} |`).join(
    '\n',
  )
  const conds = Object.entries(CONDITIONS)
    .map(([k, v]) => `| \`${k}\` | ${v.en} | ${v.zh} |`)
    .join('\n')
  return `<!-- Generated from src/domain/access/policy.ts by \`npm run docs:security\`. Do not edit by hand:
     tests/server/accessMatrix.test.ts fails when this file and the policy differ. -->
# Access control

The server decides, for every connection and every document type, whether a person may not open the
document at all (—), only read it (R), write it (RW), or write it subject to content conditions checked
on **every incoming update before it is stored or broadcast** (RW*). A refused update is not stored,
not broadcast, and the client receives a REJECT message (docs/protocol.md) and shows it.

Roles are held per council (a person may hold several roles in several councils). A person's rights are
the union of what their roles allow, whatever the order of their memberships: the highest level applies,
and at "write with conditions" the conditions of each of their roles are alternatives — a write is
accepted when any one of them accepts it (a member who is also a building head adds ballots as a member,
i.e. for any flat). \`admin\` is a global flag on the account. Documents are named
\`<type>:<councilId>[:<id>]\` (src/domain/docTypes.ts), so every document belongs to one council; a person with no
role in that council is refused (4403), as is a connection with a missing, expired, forged or tampered
token (4401).

${head}${rows}

## Conditions

| condition | rule | 规则 |
|---|---|---|
${conds}

## How each update is checked

Every update-bearing frame is judged **on its own**, against the document with every earlier frame
applied (docs/protocol.md "Per-change acceptance"), in O(size of the update) — the document is never
copied (server/access/updateChanges.ts, server/access/writeRules.ts):

1. **Structure, for every document type and every write level** (plain RW included): the update must
   decode, and Yjs must be able to integrate all of it. A gap in a client's clocks, a reference to an
   item neither the document nor the update has, a dependency cycle, or a deletion of unknown ids is
   refused as \`missing-deps\` — stored, it would sit pending and could land anywhere later, unchecked.
2. **Content (RW*)**: every inserted item is placed exactly as Yjs will place it (root, nested or not,
   map key) and every deleted id is looked up in the live document. Per root, a condition either lets
   anything through (rich text), refuses the root, lets it only shrink, or treats it as a map of
   **records**: plain JSON values at top-level keys. A record root refuses nested types, sequence
   content, binary/embeds and any value whose decoding would set a prototype (\`shape\`); a new key
   must be an id (\`[A-Za-z0-9_-]{1,64}\`, not \`__proto__\`, \`constructor\`, \`toString\` or another
   \`Object.prototype\` name — \`bad-key\`); adding, changing and removing a record each go through a
   pure predicate in \`src/domain/<feature>/writeRules.ts\` (the same code the device runs before it
   writes). Keys are data: the server's bookkeeping uses Map/hasOwn only, so no key string changes
   what is checked.
3. **Process guards** (stable codes, Chinese reasons): ballots only while the vote is open and within
   its schedule (\`not-yet-open\` by the server's clock; \`outside-schedule\` when the ballot was
   recorded before \`opensAt\` or after \`closesAt\` — a ballot recorded in time on an offline tablet
   still counts until the chair closes; \`bad-time\` when its time is > 10 min ahead of the server);
   closing a vote with conflicts the tally has not seen resolved → \`unresolved-conflicts\`; sealing
   minutes without quorum (from the attendance frozen into the seal) → \`no-quorum\` unless the seal
   records \`quorumOverride\` {reason, by, at} in the sealer's name (docs/schema.md).
4. **Ids are ids**: case-list assignees and lead must look like account ids (the store's \`u_\`+16 hex,
   or a short id starting with a letter without a run of 7+ digits), so a phone or ID number cannot be
   smuggled into the list every mediator reads (\`case-list-personal\`).

Measured cost on a 5,000-ballot vote: docs/performance.md ("Write authority").

## Other rules enforced on the server

- **Phones**: the roll document holds masked phones only (\`139****1425\`). The full number is served by
  \`GET /api/councils/<id>/households/<hid>/phone\` to chair, secretary, grid workers, mediators and to
  building/unit heads for their own buildings/units; every such view writes an audit entry.
- **Member phones** in the member list are unmasked only for chair, secretary and admins.
- **Roll import** (\`POST /api/councils/<id>/roll/import\`): chair, secretary, admins.
- **Voter signatures**: tablet ballots in the vote document (which residents read, to cast their own
  ballots) say only \`signed: true\`; the voter's name and handwritten signature are in
  \`votesig:<councilId>:<voteId>\`, which residents, mediators and grid workers cannot open. Vote docs
  created before this split (schema version 1) still hold names and signatures for their tablet
  ballots on every device that synced them: clients no longer read or show them, and the server refuses
  new ballots that carry them (docs/schema.md).
- **Invitations** (\`POST /api/councils/<id>/members\`): chair, secretary, admins; \`admin\` cannot be granted.
- **Observers** (street office staff) read what the council reads, except mediation cases, and never write.
- **Org staff** (\`org_viewer\` street/community staff, \`org_handler\` upper-level handlers): roles held on a
  node of the organisation tree (district → street → community, \`org_staff\` table), never in a council
  membership (a membership row naming one grants nothing). They apply to every council placed under that
  node or below it (\`server/access/orgRoles.ts\`), added to the person's own memberships (union). Read-only
  on council docs; never \`case\`, \`caselist\`, \`votesig\` or \`plandraft\`; the roll they read is the
  masked one. Over HTTP they list members (masked phones), votes and Open311, never export the roll or see
  a phone. \`org_handler\` writes the \`queue:<orgNodeId>\` steps of their node and the nodes below.
  Tree and staff are managed by admins only (\`/api/org/…\`); removing a staff entry, moving a node or a
  council re-checks open connections (\`accessChanged\`) like a membership change.
- **Roll export** (\`GET /api/councils/<id>/roll/export.csv\`): chair, secretary, building/unit heads, grid
  workers, admins. Full phones only for households the role may see (the same rule as the single-phone
  view), masked otherwise; no household or owner ids; every export writes an audit entry (\`roll.export\`).
- **Open311 GeoReport v2** (\`/api/open311/v2/services.json\`, \`requests.json\`, \`requests/<id>.json\`,
  \`media/<councilId>/<eventId>\`, with \`jurisdiction_id=<councilId>\`): bearer token of an account holding
  chair, secretary, grid worker or observer (the street office's account) in that council, or an admin;
  residents, heads and members get 403. Read-only; photos served only through the same check.
- **Plan drafts** (\`plandraft:<councilId>:<proposalId>\`): editors only; photo uploads need the same.
- **Today list and reminders**: computed on the device from docs the person may read; notification text
  is a count only (no names, flats, case types or titles on a lock screen).
- **Revocation within seconds, on every process**: access is decided when a connection opens and
  again whenever it may have changed. Removing a member or a role, or granting one
  (\`/api/councils/<id>/members\`), re-checks that person's open connections in the council on every
  server process (\`server/access/revocation.ts\`: \`accessChanged({ userId?, councilId?, docName? })\`,
  published on Redis): no read access any more → the connection is closed 4403 and the device
  deletes its local copy (docs/protocol.md); read but no write → later updates are refused
  \`read-only\`. Case assignment lives in the case document: before any document content is sent,
  each connection re-checks its read gate against the document as it is then, so a mediator
  unassigned from a case is closed 4403 before the unassignment or anything written after it
  reaches them. Updates already queued before the change are judged with the access at the time
  they arrived.

## HTTP API

Generated from \`server/access/httpAccess.ts\`; tests/server/httpMatrix.test.ts calls every endpoint as every
role, in the caller's own council and in another one, and without a token, against the real server.
✓ = allowed everywhere, ✓ own = allowed in a council where the caller holds that role (admins: every
council), — = refused (401 without a token, else 403). "Allowed" means the access gate lets the call
through; the notes name the further conditions checked inside.

${renderHttpTable()}
${SECURITY_PROSE}`
}
