import type { Actor } from '../../src/domain/actor'
import type { Scope } from '../../src/domain/access/membership'
import type { Role } from '../../src/domain/access/policy'
import type { OrgNode } from '../../src/domain/org/schema'
import type { TestServer } from './server'

/**
 * A council named `name` on a real-access test server: an admin who creates it, then one account per
 * `people` entry ([key, role, scope]) with that membership. Fills `tokens` (access token) and `actors`
 * (device `dev-<key>`) by key; phones are `phonePrefix` + 4 digits (admin 0000), unique per test file.
 */
export async function seedCouncil(
  server: TestServer,
  o: { name: string; phonePrefix: string; people: ReadonlyArray<readonly [string, Role, Scope]> },
  tokens: Map<string, string>,
  actors: Map<string, Actor>,
): Promise<string> {
  const phone = (n: number) => `${o.phonePrefix}${String(n).padStart(4, '0')}`
  const admin = await server.accounts.createUser({ phone: phone(0), name: 'admin', passwordHash: 'x', isAdmin: true })
  const councilId = (await server.accounts.createCompound({ name: o.name, address: '', grid: '', createdBy: admin.id }))
    .id
  let n = 1
  for (const [key, role, scope] of o.people) {
    const user = await server.accounts.createUser({ phone: phone(n++), name: key, passwordHash: 'x', isAdmin: false })
    await server.accounts.addMembership({ userId: user.id, councilId, role, scope })
    tokens.set(key, await server.tokens.issueAccess({ userId: user.id, name: key }))
    actors.set(key, { userId: user.id, name: key, device: `dev-${key}` })
  }
  return councilId
}

export interface SeededPerson {
  id: string
  name: string
  token: string
}

/**
 * A council named `name` placed under `community` of the org tree `tree` (stored first), created by
 * an admin. `person(name)` makes one more account and its access token; the caller gives it its
 * membership or staff role. Phones are `phonePrefix` + 4 digits (admin 0000), unique per test file.
 */
export async function seedOrgCouncil(
  server: TestServer,
  o: { tree: readonly OrgNode[]; community: string; name: string; phonePrefix: string },
): Promise<{ councilId: string; person: (name: string) => Promise<SeededPerson> }> {
  const a = server.accounts
  let n = 0
  const phone = () => `${o.phonePrefix}${String(n++).padStart(4, '0')}`
  const admin = await a.createUser({ phone: phone(), name: '管理员', passwordHash: 'x', isAdmin: true })
  await a.upsertOrgNodes(o.tree)
  const councilId = (await a.createCompound({ name: o.name, address: '', grid: '', createdBy: admin.id })).id
  await a.setCouncilOrgNode(councilId, o.community)
  const person = async (name: string): Promise<SeededPerson> => {
    const u = await a.createUser({ phone: phone(), name, passwordHash: 'x', isAdmin: false })
    return { id: u.id, name, token: await server.tokens.issueAccess({ userId: u.id, name }) }
  }
  return { councilId, person }
}
