/**
 * The queues this person may open: derived from the session's org part (orgStaff, orgNodes), which
 * the device keeps for offline use, so the queue pages open offline after one sign-in. The queue
 * docs themselves sync like any doc (IndexedDB + websocket through the doc registry).
 */
import { createMemo, onMount, type Accessor } from 'solid-js'
import { authedRequest, refreshProfile } from '../../auth/session'
import { queuesOf, type QueueRef } from '../../domain/escalation/queueRefs'
import { useSession } from '../session'

export type { QueueRef }

export function useQueues(): Accessor<QueueRef[]> {
  const session = useSession()
  // Staff granted since sign-in: the queue pages re-read the profile once when opened (offline: the
  // stored session stands).
  onMount(() => void refreshProfile().catch(() => {}))
  return createMemo(() => {
    const s = session()
    return s ? queuesOf(s.orgNodes ?? [], s.orgStaff ?? [], s.user.isAdmin) : []
  })
}

/** The levels above a council (its community, street, district) an escalation can go to; [] offline. */
export async function councilLevels(councilId: string): Promise<Array<{ level: string; name: string }>> {
  const key = `yishi.escalation.levels.${councilId}`
  try {
    const levels = (
      await authedRequest<{ levels: Array<{ level: string; name: string }> }>(`/api/escalation/councils/${councilId}`)
    ).body.levels
    localStorage.setItem(key, JSON.stringify(levels))
    return levels
  } catch {
    try {
      return JSON.parse(localStorage.getItem(key) ?? '[]')
    } catch {
      return []
    }
  }
}
