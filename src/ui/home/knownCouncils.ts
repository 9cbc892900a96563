/** Councils/compounds this device knows about. Device-local list (localStorage), not synced. */
import { Store } from '../../sync/observable'

export interface KnownCouncil {
  id: string
  name: string
}

const KEY = 'yishi:councils'

function load(): KnownCouncil[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(v)
      ? v.filter((c): c is KnownCouncil => typeof c?.id === 'string' && typeof c?.name === 'string')
      : []
  } catch {
    return []
  }
}

export const knownCouncils = new Store<KnownCouncil[]>(load())

export function addCouncil(name: string): KnownCouncil {
  // Ids go into doc names (`notes:<id>`), so keep them to the doc-name id alphabet.
  const id = `c_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const council = { id, name: name.trim().slice(0, 60) }
  const next = [...knownCouncils.get(), council]
  localStorage.setItem(KEY, JSON.stringify(next))
  knownCouncils.set(next)
  return council
}
