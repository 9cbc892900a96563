/** Small vote docs for the voting unit tests. */
import * as Y from 'yjs'
import type { HouseholdRecord } from '../../../../src/domain/roll/schema'
import { createVote, openVote } from '../../../../src/domain/voting/commands'
import type { Actor } from '../../../../src/domain/actor'

export const CHAIR: Actor = { userId: 'u_chair', name: '王主任', device: 'tablet-1' }
export const HEAD: Actor = { userId: 'u_head', name: '孙楼长', device: 'tablet-2' }

export function household(householdId: string, ownerId: string, areaCenti: number): HouseholdRecord {
  const [building = '1', unit = '1', flat = '0101'] = householdId.split('-')
  return {
    householdId,
    building,
    unit,
    flat,
    floor: Number(flat.slice(0, 2)) || 1,
    ownerId,
    ownerName: `业主${ownerId}`,
    coOwners: [],
    areaCenti,
    residents: 2,
    phone: '139****1425',
    note: '',
  }
}

/** Four flats, owner P3 holds two: 1-1-0101 P1 100 m², 1-1-0102 P2 100 m², 1-2-0101 P3 50 m², 2-1-0101 P3 50 m². */
export const ROLL: HouseholdRecord[] = [
  household('1-1-0101', 'P1', 10000),
  household('1-1-0102', 'P2', 10000),
  household('1-2-0101', 'P3', 5000),
  household('2-1-0101', 'P3', 5000),
]

export function openedVote(matter: 'special' | 'ordinary' = 'special', roll = ROLL): Y.Doc {
  const doc = new Y.Doc()
  const c = createVote(
    doc,
    {
      councilId: 'c1',
      voteId: 'v1',
      title: '邮政小区改造方案表决',
      question: '是否同意第三版改造方案',
      matter,
      opensAt: '2025-05-01T08:00',
      closesAt: '2025-05-10T18:00',
    },
    CHAIR,
    1,
  )
  if (!c.ok) throw new Error(c.code)
  const o = openVote(doc, roll, CHAIR, 2)
  if (!o.ok) throw new Error(o.code)
  return doc
}
