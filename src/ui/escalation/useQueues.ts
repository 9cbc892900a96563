/**
 * The queues this person may open (GET /api/escalation/queues), kept on the device so the queue pages
 * open offline after one visit online. The queue docs themselves sync like any doc (IndexedDB +
 * websocket through the doc registry).
 */
import { createResource, type Resource } from 'solid-js'
import { authedRequest } from '../../auth/session'

export interface QueueRef {
  nodeId: string
  name: string
  kind: 'district' | 'street' | 'community'
  role: 'org_viewer' | 'org_handler'
}

const KEY = 'yishi.escalation.queues'

function cached(): QueueRef[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(v) ? (v as QueueRef[]) : []
  } catch {
    return []
  }
}

async function load(): Promise<QueueRef[]> {
  try {
    const queues = (await authedRequest<{ queues: QueueRef[] }>('/api/escalation/queues')).body.queues
    localStorage.setItem(KEY, JSON.stringify(queues))
    return queues
  } catch {
    return cached() // offline: what the device last knew
  }
}

export function useQueues(): Resource<QueueRef[]> {
  const [queues] = createResource(load, { initialValue: cached() })
  return queues
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
