/**
 * Owner headcount (业主人数) for Civil Code Art. 278.
 *
 * Supreme People's Court, Interpretation on Disputes over Building Ownership (建筑物区分所有权
 * 司法解释) Art. 9: the headcount is the number of exclusive parts (flats), one flat = one person,
 * BUT
 *   - one owner holding several flats counts as one person;
 *   - the developer's unsold flats (here: the original work unit's, 原产权单位) count as one person;
 *   - co-owners of one flat are one person (they cast one ballot).
 *
 * The roll encodes all three cases through `ownerId`: every flat of one owner carries the same id,
 * all unsold flats carry the developer's id (ORG-POST in the sample roll), and co-owners are listed
 * in the flat's co_owners field, not as extra owner ids. So heads = number of distinct owner ids.
 * This module deliberately does not special-case any id prefix: a unit that sells nothing but is
 * listed under two ids would be two heads, and the roll is where that must be fixed.
 */

export interface OwnedFlat {
  ownerId: string
}

/**
 * Groups flats by owner id, keeping first-seen order of owners and of each owner's flats
 * (deterministic output for tree views and audit listings).
 */
export function groupFlatsByOwner<T extends OwnedFlat>(flats: readonly T[]): Map<string, T[]> {
  const byOwner = new Map<string, T[]>()
  for (const flat of flats) {
    const list = byOwner.get(flat.ownerId)
    if (list) list.push(flat)
    else byOwner.set(flat.ownerId, [flat])
  }
  return byOwner
}

/** Art. 278 owner headcount: distinct owner ids. */
export function countOwnerHeads(flats: readonly OwnedFlat[]): number {
  return new Set(flats.map((f) => f.ownerId)).size
}
