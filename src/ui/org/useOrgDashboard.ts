/**
 * Reads one org node's dashboard from the server and keeps the last answer per node and period on
 * this device (localStorage, a few KB each), so offline the screen shows the figures last read with
 * their time ("数据截至 …") instead of nothing. The answer is validated against the shared schema.
 */
import { createResource, type Resource } from 'solid-js'
import { ApiFailure } from '../../auth/api'
import { authedRequest } from '../../auth/session'
import { shanghaiDay, type Period } from '../../domain/grid/time'
import { OrgDashboardSchema, type OrgDashboard } from '../../domain/org/dashboard'

export interface DashboardRead {
  data: OrgDashboard | null
  /** when these figures were read from the server */
  fetchedAt: number | null
  /** true when the server could not be reached (the figures, if any, are the cached ones) */
  offline: boolean
  /** the server's refusal or an unreadable answer */
  error: string | null
}

const cacheKey = (nodeId: string, p: Period) => `yishi:orgdash:${nodeId}:${p.kind}:${p.start}`
/** Keeps the cache small: the newest entries only. */
const MAX_CACHED = 40

function readCache(key: string): { data: OrgDashboard; fetchedAt: number } | null {
  try {
    const raw = localStorage.getItem(key)
    if (!raw) return null
    const v = JSON.parse(raw) as { data: unknown; fetchedAt: unknown }
    const data = OrgDashboardSchema.safeParse(v.data)
    return data.success && typeof v.fetchedAt === 'number' ? { data: data.data, fetchedAt: v.fetchedAt } : null
  } catch {
    return null
  }
}

function writeCache(key: string, data: OrgDashboard, fetchedAt: number): void {
  try {
    localStorage.setItem(key, JSON.stringify({ data, fetchedAt }))
    const keys = Object.keys(localStorage).filter((k) => k.startsWith('yishi:orgdash:'))
    if (keys.length > MAX_CACHED) {
      const aged = keys
        .map(
          (k) => [k, (JSON.parse(localStorage.getItem(k) ?? '{}') as { fetchedAt?: number }).fetchedAt ?? 0] as const,
        )
        .sort((a, b) => a[1] - b[1])
      for (const [k] of aged.slice(0, keys.length - MAX_CACHED)) localStorage.removeItem(k)
    }
  } catch {
    // storage full or unavailable: the figures still show, just not offline later
  }
}

export const dashboardUrl = (nodeId: string, p: Period, file: 'dashboard' | 'export.csv' = 'dashboard') =>
  `/api/org/${encodeURIComponent(nodeId)}/${file}?period=${p.kind}&at=${p.start}`

/** The period's events as Open311 service requests (server/api/orgOpen311.ts): its Beijing days. */
export const open311Url = (nodeId: string, p: Period) =>
  `/api/org/${encodeURIComponent(nodeId)}/open311.json?from=${shanghaiDay(p.start)}&to=${shanghaiDay(p.end - 1)}`

export async function readDashboard(nodeId: string, p: Period): Promise<DashboardRead> {
  const key = cacheKey(nodeId, p)
  try {
    const { body } = await authedRequest<unknown>(dashboardUrl(nodeId, p))
    const parsed = OrgDashboardSchema.safeParse(body)
    if (!parsed.success) return { data: null, fetchedAt: null, offline: false, error: 'bad-response' }
    const fetchedAt = Date.now()
    writeCache(key, parsed.data, fetchedAt)
    return { data: parsed.data, fetchedAt, offline: false, error: null }
  } catch (e) {
    const offline = !(e instanceof ApiFailure) || e.kind === 'network'
    const cached = readCache(key)
    if (offline) return { data: cached?.data ?? null, fetchedAt: cached?.fetchedAt ?? null, offline, error: null }
    return { data: null, fetchedAt: null, offline, error: e.localized() ?? e.code }
  }
}

export function useOrgDashboard(
  source: () => { nodeId: string; period: Period; online: boolean },
): Resource<DashboardRead> {
  const [res] = createResource(source, (s) => readDashboard(s.nodeId, s.period))
  return res
}
