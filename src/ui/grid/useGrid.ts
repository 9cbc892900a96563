/**
 * Bridges the grid docs to Solid: the schema stamp on open, the person's grid
 * capabilities (mirroring server/access/rules/gridRules.ts).
 */
import { createSignal, type Accessor } from 'solid-js'
import { maskName, migrate } from '../../domain/grid/schema'
import type { CouncilAccess } from '../../auth/permissions'
import { useMe } from '../meetings/useMeeting'
import { useDoc, type UsedDoc } from '../useDoc'

/** Opens a grid doc and, for writers, stamps the schema version once loaded. */
export function useGridDoc(name: string, writable: boolean): UsedDoc & { newer: Accessor<boolean> } {
  const used = useDoc(name)
  const [newer, setNewer] = createSignal(false)
  void used.handle.ready.then(() => {
    if (!writable) return
    const r = migrate(used.handle.doc)
    if (!r.ok) setNewer(true)
  })
  return { ...used, newer }
}

export interface GridCaps {
  dispatcher: boolean
  staff: boolean
  writeEvents: boolean
  manageLists: boolean
  manageGrid: boolean
}

export function gridCaps(a: CouncilAccess): GridCaps {
  const roles: string[] = [...a.roles, ...(a.isAdmin ? ['admin'] : [])]
  const has = (...rs: string[]) => rs.some((r) => roles.includes(r))
  return {
    dispatcher: has('chair', 'secretary', 'admin'),
    staff: has('chair', 'secretary', 'admin', 'member', 'building_head', 'unit_head', 'grid_worker'),
    writeEvents: a.level('event') !== 'none' && a.level('event') !== 'read',
    manageLists: has('chair', 'secretary', 'admin'),
    manageGrid: a.level('grid') === 'write',
  }
}

/**
 * Who a grid record names: staff by their name, a resident by the masked form (events, steps and
 * orders are read by the whole council).
 */
export function useGridActor(caps: () => GridCaps): Accessor<{ userId: string; name: string }> {
  const me = useMe()
  return () => ({ userId: me().userId, name: caps().staff ? me().name : maskName(me().name) })
}

/** `YYYY-MM-DDTHH:mm` read as Beijing time (the input shows Beijing wall time). */
export const parseBeijing = (s: string): number => Date.parse(`${s}:00+08:00`)
export const beijingInput = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16)

/** Downscales a photo to ≤ 800 px JPEG so it fits in the shared doc (≤ ~150 KB). */
export async function shrinkPhoto(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file)
  const scale = Math.min(1, 800 / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(bitmap.width * scale)
  canvas.height = Math.round(bitmap.height * scale)
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  return canvas.toDataURL('image/jpeg', 0.6)
}
