/**
 * Who may call which /api endpoint — derived from the same domain rules the routes use
 * (councilPermissions, grants, the policy table), rendered into docs/security.md and checked against
 * the running server by tests/server/httpMatrix.test.ts (every endpoint × every role × own council,
 * other council, no token). "Allowed" means the access gate lets the call through (it may still fail
 * validation or find nothing); "refused" means 401 unauthenticated or 403.
 */
import { MANAGE_ROLES, OPEN311_ROLES, PHONE_ROLES, ROLL_EXPORT_ROLES } from '../../src/domain/access/councilPermissions'
import { ROLES, effectiveRule, type DocType, type Role } from '../../src/domain/access/policy'

export type Audience =
  /** anyone, no token needed */
  | { kind: 'public' }
  /** any valid token */
  | { kind: 'signed-in' }
  /** admins only (global) */
  | { kind: 'admin' }
  /** these roles in the council named by the path (admins: every council) */
  | { kind: 'council'; roles: readonly Role[] }

export interface HttpEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  audience: Audience
  /** Further conditions inside the gate (shown in the table, met by the test's fixtures). */
  note?: string
}

const withLevel = (type: DocType, ok: (level: string) => boolean): Role[] =>
  ROLES.filter((r) => ok(effectiveRule([r], type).level))
const manage: Role[] = ['admin', ...MANAGE_ROLES]
const council = (roles: readonly Role[]): Audience => ({ kind: 'council', roles })

export const HTTP_ENDPOINTS: readonly HttpEndpoint[] = [
  { method: 'GET', path: '/api/setup', audience: { kind: 'public' } },
  { method: 'POST', path: '/api/setup', audience: { kind: 'public' }, note: 'only while no admin exists (else 409)' },
  { method: 'POST', path: '/api/login', audience: { kind: 'public' }, note: 'per-phone lockout, per-IP limit' },
  { method: 'POST', path: '/api/refresh', audience: { kind: 'public' }, note: 'needs a live refresh token' },
  { method: 'POST', path: '/api/logout', audience: { kind: 'public' } },
  { method: 'POST', path: '/api/activate', audience: { kind: 'public' }, note: 'needs an invite code' },
  { method: 'GET', path: '/api/me', audience: { kind: 'signed-in' } },
  { method: 'POST', path: '/api/admin/unlock', audience: { kind: 'admin' } },
  { method: 'POST', path: '/api/compounds', audience: { kind: 'admin' } },
  {
    method: 'GET',
    path: '/api/councils/:id/members',
    audience: council(ROLES),
    note: 'phones masked but for chair, secretary, admins',
  },
  {
    method: 'POST',
    path: '/api/councils/:id/members',
    audience: council(manage),
    note: 'only roles below their own rank; chair only by admins; never their own roles',
  },
  {
    method: 'DELETE',
    path: '/api/councils/:id/members/:userId/:role',
    audience: council(manage),
    note: 'same rank rule',
  },
  { method: 'DELETE', path: '/api/councils/:id/members/:userId', audience: council(manage), note: 'same rank rule' },
  { method: 'POST', path: '/api/councils/:id/roll/import', audience: council(manage) },
  {
    method: 'GET',
    path: '/api/councils/:id/households/:hid/phone',
    audience: council(['admin', ...PHONE_ROLES]),
    note: 'building/unit heads: own buildings/units only; audit-logged',
  },
  {
    method: 'GET',
    path: '/api/councils/:id/roll/export.csv',
    audience: council(['admin', ...ROLL_EXPORT_ROLES]),
    note: 'full phones only where the phone rule allows; audit-logged',
  },
  { method: 'GET', path: '/api/councils/:id/audit', audience: council(manage) },
  {
    method: 'POST',
    path: '/api/councils/:id/cases/:caseId/export',
    audience: council(['admin', 'chair', 'mediator', 'grid_worker']),
    note: 'mediators/grid workers: cases assigned to them; needs a reason; audit-logged',
  },
  {
    method: 'GET',
    path: '/api/open311/v2/services.json?jurisdiction_id=:id',
    audience: council(['admin', ...OPEN311_ROLES]),
  },
  {
    method: 'GET',
    path: '/api/open311/v2/requests.json?jurisdiction_id=:id',
    audience: council(['admin', ...OPEN311_ROLES]),
  },
  {
    method: 'GET',
    path: '/api/open311/v2/requests/:eventId.json?jurisdiction_id=:id',
    audience: council(['admin', ...OPEN311_ROLES]),
  },
  {
    method: 'GET',
    path: '/api/open311/v2/media/:id/:eventId',
    audience: council(['admin', ...OPEN311_ROLES]),
    note: 'photos of grid events',
  },
  {
    method: 'PUT',
    path: '/api/councils/:id/blobs/:sha256',
    // Photos belong to plan drafts: uploading needs write access to plandraft docs (blobRoutes).
    audience: council(
      withLevel('plandraft', (l) => l === 'write').filter((r) => effectiveRule([r], 'proposal').level !== 'none'),
    ),
    note: 'per-user daily quota',
  },
  {
    method: 'GET',
    path: '/api/councils/:id/blobs/:sha256',
    audience: council(withLevel('proposal', (l) => l !== 'none')),
  },
  {
    method: 'GET',
    path: '/api/org',
    audience: { kind: 'signed-in' },
    note: 'admins: the whole tree; org staff: their subtrees, the names above, their councils; others: nothing',
  },
  { method: 'POST', path: '/api/org/import', audience: { kind: 'admin' }, note: 'all or nothing; errors per line' },
  {
    method: 'PUT',
    path: '/api/org/nodes/:nodeId',
    audience: { kind: 'admin' },
    note: 'the whole tree must stay valid',
  },
  {
    method: 'DELETE',
    path: '/api/org/nodes/:nodeId',
    audience: { kind: 'admin' },
    note: 'refused (409) while it has child nodes or councils',
  },
  { method: 'PUT', path: '/api/org/councils/:id', audience: { kind: 'admin' }, note: 'only under a community' },
  { method: 'GET', path: '/api/org/nodes/:nodeId/staff', audience: { kind: 'admin' } },
  {
    method: 'POST',
    path: '/api/org/nodes/:nodeId/staff',
    audience: { kind: 'admin' },
    note: 'org_viewer or org_handler; invitation code as for members',
  },
  { method: 'DELETE', path: '/api/org/nodes/:nodeId/staff/:userId/:role', audience: { kind: 'admin' } },
  { method: 'GET', path: '/api/votes?council=:id', audience: council(withLevel('vote', (l) => l !== 'none')) },
  {
    method: 'GET',
    path: '/api/votes/:voteId/verify?council=:id',
    audience: { kind: 'public' },
    note: 'rate-limited per address',
  },
]

export type Caller = Role | 'no-token'
export type Relation = 'own' | 'other'

/** Expected outcome of `caller` calling `e` for a council they hold their role in ('own') or not ('other'). */
export function expected(e: HttpEndpoint, caller: Caller, rel: Relation): 'allowed' | 'refused' {
  const a = e.audience
  if (a.kind === 'public') return 'allowed'
  if (caller === 'no-token') return 'refused'
  if (a.kind === 'signed-in') return 'allowed'
  if (caller === 'admin') return 'allowed' // admins: every council
  if (a.kind === 'admin') return 'refused'
  return rel === 'own' && a.roles.includes(caller) ? 'allowed' : 'refused'
}

export const CALLERS: readonly Caller[] = [...ROLES, 'no-token']

export function renderHttpTable(): string {
  const head = `| endpoint | ${CALLERS.join(' | ')} | notes |\n|---|${CALLERS.map(() => ':-:').join('|')}|---|\n`
  const rows = HTTP_ENDPOINTS.map((e) => {
    const cells = CALLERS.map((c) => {
      const own = expected(e, c, 'own') === 'allowed'
      const other = expected(e, c, 'other') === 'allowed'
      return own && other ? '✓' : own ? '✓ own' : '—'
    })
    return `| \`${e.method} ${e.path}\` | ${cells.join(' | ')} | ${e.note ?? ''} |`
  })
  return head + rows.join('\n')
}
