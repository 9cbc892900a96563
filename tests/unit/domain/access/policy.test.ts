/**
 * Combined roles: a person's rights are the union of what their roles allow, whatever the order of
 * their memberships (effectiveRule, src/domain/access/policy.ts).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DOC_TYPES, effectiveRule, POLICY, ROLES, type Role } from '../../../../src/domain/access/policy'

const RANK = { none: 0, read: 1, cond: 2, write: 3 } as const

describe('effectiveRule', () => {
  it('a member who is also a building head gets both ballot rights, in either order', () => {
    const a = effectiveRule(['member', 'building_head'], 'vote')
    const b = effectiveRule(['building_head', 'member'], 'vote')
    expect(a).toEqual(b)
    expect(a).toEqual({
      level: 'cond',
      conditions: ['append-only-ballots', 'own-scope-ballots'],
      alternatives: [['append-only-ballots'], ['own-scope-ballots']],
    })
    expect(effectiveRule(['unit_head', 'member'], 'votesig').alternatives).toEqual([
      ['append-only-signatures'],
      ['own-scope-signatures'],
    ])
    // One role: its conditions all hold together (no alternatives).
    expect(effectiveRule(['member'], 'proposal').alternatives).toBeUndefined()
  })

  it('is independent of role order and never grants less than any one role', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ROLES), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...DOC_TYPES),
        (roles: Role[], type) => {
          const rule = effectiveRule(roles, type)
          expect(effectiveRule([...roles].reverse(), type)).toEqual(rule)
          for (const role of roles) {
            const own = POLICY[role][type]
            expect(RANK[rule.level]).toBeGreaterThanOrEqual(RANK[own.level])
            // Same level: the role's conditions are one alternative, or a laxer one is.
            if (own.level === 'cond' && rule.level === 'cond') {
              const alts = rule.alternatives ?? [rule.conditions ?? []]
              expect(alts.some((a) => a.every((c) => (own.conditions ?? []).includes(c)))).toBe(true)
            }
          }
        },
      ),
    )
  })

  it('a higher level replaces conditions; no role means no access', () => {
    expect(effectiveRule(['member', 'chair'], 'meeting')).toEqual({ level: 'write' })
    expect(effectiveRule(['mediator', 'chair'], 'case')).toEqual({ level: 'write' })
    expect(effectiveRule([], 'notes')).toEqual({ level: 'none' })
  })
})
