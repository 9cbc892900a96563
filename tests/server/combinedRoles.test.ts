/**
 * Combined roles at the server: the conditions of a person's roles are alternatives, so a member
 * who is also a building head may add a ballot for any flat (as a member) — in either membership
 * order — while a head alone is still held to their buildings.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decideAccess } from '../../server/access/accessForDoc'
import { conditionChecker } from '../../server/access/AccessControl'
import type { Membership, User } from '../../server/accounts/AccountStore'
import { docName } from '../../src/domain/docTypes'
import { updateFrom } from '../helpers/clientUpdate'
import { ballot } from '../helpers/records'

const user = { id: 'u1', isAdmin: false } as User
const member = { councilId: 'c1', role: 'member', scope: {} } as unknown as Membership
const head = { councilId: 'c1', role: 'building_head', scope: { buildings: ['3'] } } as unknown as Membership

function ballotUpdate(base: Y.Doc, householdId: string): Uint8Array {
  return updateFrom(base, (c) => c.getMap('ballots').set(`b_${householdId}`, ballot(householdId, 'u1')))
}

function verdict(memberships: Membership[], householdId: string): string | null {
  const decision = decideAccess(user, memberships, docName('vote', 'c1', 'v1'))
  if (!decision.ok) return `refused ${decision.code}`
  const doc = new Y.Doc()
  doc.getMap('meta').set('status', 'open')
  const check = conditionChecker(decision.alternatives, {
    userId: user.id,
    roles: decision.roles,
    scope: decision.scope,
  })
  const refusal = check(doc, ballotUpdate(doc, householdId))
  return refusal ? refusal.code : null
}

describe('combined roles', () => {
  it('member + building head: ballots for any flat, whatever the membership order', () => {
    expect(verdict([member, head], '1-1-0101')).toBeNull()
    expect(verdict([head, member], '1-1-0101')).toBeNull()
    expect(verdict([head, member], '3-1-0101')).toBeNull()
  })

  it('a building head alone stays within their buildings', () => {
    expect(verdict([head], '3-1-0101')).toBeNull()
    expect(verdict([head], '1-1-0101')).toBe('out-of-scope')
  })
})
