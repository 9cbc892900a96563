/**
 * The wire shape of `GET /api/org/:nodeId/dashboard?period=week|month|quarter|year&at=<epoch ms>`:
 * one org node's figures for the period holding `at` (Beijing calendar; `period.start` inclusive,
 * `period.end` exclusive), folded by the server's read models from every council below the node.
 * Shared by the server (which builds it) and the dashboard screen (which validates what it got, so
 * a mismatch shows as an error instead of NaN figures). No personal data: counts only.
 */
import { z } from 'zod'

export const DASHBOARD_PERIODS = ['week', 'month', 'quarter', 'year'] as const
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number]

const count = z.number().int().nonnegative()
const ms = z.number().int()
/** Mean rating 1–5; null when nothing was rated (shown as 暂无数据). */
const satisfaction = z.number().min(0).max(5).nullable()

const counts = { reported: count, closed: count, sameDay: count, overdue: count }

export const OrgDashboardSchema = z.object({
  node: z.object({ id: z.string(), kind: z.enum(['district', 'street', 'community']), name: z.string() }),
  period: z.object({ kind: z.enum(DASHBOARD_PERIODS), start: ms, end: ms }),
  totals: z.object({ ...counts, satisfaction, rated: count }),
  byCategory: z.array(z.object({ category: z.string(), ...counts })),
  /** the node's children: streets of a district, communities of a street, councils of a community */
  byChild: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['street', 'community', 'council']),
      name: z.string(),
      ...counts,
      satisfaction,
    }),
  ),
  /** the periods of the same kind up to this one, oldest first, for the chart */
  series: z.array(z.object({ start: ms, end: ms, reported: count, closed: count })),
  /** mediation cases opened in the period: counts only, never a party or a place */
  cases: z.object({
    byType: z.array(z.object({ type: z.string(), count })),
    byOutcome: z.array(z.object({ outcome: z.string(), count })),
  }),
})
export type OrgDashboard = z.infer<typeof OrgDashboardSchema>
