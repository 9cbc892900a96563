/**
 * The vote's audit trail, derived from the doc (nothing separate to keep in sync): every ballot,
 * every resolution, create/open/close, each with who, when and on which device. Exported as CSV in
 * UTF-8 with a BOM (Excel on Windows opens BOM-less UTF-8 as GBK and garbles Chinese), CRLF lines.
 * Signatures are not exported (a flag says whether one exists); voter names are, as the council's
 * internal record — the public notice never shows them. Names come from the votesig doc
 * (signatures.ts `signaturesFor`), passed in only where the person may read it; without it a tablet
 * ballot shows just `signed`. An entry whose household or recorder differs from its ballot's is not
 * the voter's: it is flagged `signature-mismatch` and its name is not used.
 */
import type { VoteSnapshot } from './read'
import { byCodeUnit } from './read'
import type { SignatureEntry } from './signatures'
import { beijingTime, toCsv } from '../exports/csv'
import { label } from '../exports/labels'

export interface AuditRow {
  at: number
  kind: 'create' | 'open' | 'close' | 'ballot' | 'resolution'
  id: string
  by: string
  byName: string
  device: string
  householdId: string
  choice: string
  channel: string
  detail: string
}

export function auditRows(snap: VoteSnapshot, signatures?: ReadonlyMap<string, SignatureEntry>): AuditRow[] {
  const discardedBy = new Map<string, string>()
  for (const r of snap.resolutions) for (const b of r.discardBallotIds) discardedBy.set(b, r.id)
  const rows: AuditRow[] = [
    ...snap.events.map((e) => ({
      at: e.at,
      kind: e.type,
      id: e.id,
      by: e.by,
      byName: e.byName ?? '',
      device: e.device ?? '',
      householdId: '',
      choice: '',
      channel: '',
      detail: e.detail ?? '',
    })),
    ...snap.ballots.map((b) => {
      const sig = signatures?.get(b.id)
      const matches = !!sig && sig.householdId === b.householdId && sig.recordedBy === b.recordedBy
      return {
        at: b.at,
        kind: 'ballot' as const,
        id: b.id,
        by: b.recordedBy,
        byName: b.recordedByName ?? '',
        device: b.device ?? '',
        householdId: b.householdId,
        choice: b.choice,
        channel: b.channel,
        detail: [
          matches ? `voter=${sig.voterName}` : '',
          b.signed ? 'signed' : '',
          sig && !matches ? 'signature-mismatch' : '',
          b.paperSerial ? `serial=${b.paperSerial}` : '',
          discardedBy.has(b.id) ? `discarded-by=${discardedBy.get(b.id)}` : '',
        ]
          .filter(Boolean)
          .join('; '),
      }
    }),
    ...snap.resolutions.map((r) => ({
      at: r.at,
      kind: 'resolution' as const,
      id: r.id,
      by: r.resolvedBy,
      byName: r.resolvedByName ?? '',
      device: r.device ?? '',
      householdId: r.householdIds.join(' '),
      choice: '',
      channel: '',
      detail: `keep=${r.keepBallotId}; discard=${r.discardBallotIds.join(' ')}; reason=${r.reason}`,
    })),
  ]
  return rows.sort((a, b) => a.at - b.at || byCodeUnit(a.id, b.id))
}

/** People's columns: Chinese, Beijing time, no user ids; ballots are numbered (序号) and the
 * resolution and discard notes refer to those numbers instead of internal ids. */
export const AUDIT_CSV_HEADER = ['序号', '时间', '类型', '记录人', '设备', '房屋', '选择', '方式', '说明']

/** CSV text (src/domain/exports/csv.ts: BOM, CRLF); times as Beijing local `2026-12-02 05:36`. */
export function auditCsv(snap: VoteSnapshot, signatures?: ReadonlyMap<string, SignatureEntry>): string {
  const rows = auditRows(snap, signatures)
  const seq = new Map(rows.map((r, i) => [r.id, i + 1]))
  const no = (id: string) => (seq.has(id) ? `第${seq.get(id)}条` : '（不在本记录中）')
  const detail = (r: AuditRow): string =>
    r.detail
      .split('; ')
      .filter(Boolean)
      .map((d) => {
        const [k, ...rest] = d.split('=')
        const v = rest.join('=')
        switch (k) {
          case 'voter':
            return `投票人：${v}`
          case 'signed':
            return '已签名'
          case 'signature-mismatch':
            return '签名与选票不符'
          case 'serial':
            return `纸质选票编号：${v}`
          case 'discarded-by':
            return `已被${no(v)}作废`
          case 'keep':
            return `保留${no(v)}`
          case 'discard':
            return `作废${v.split(' ').filter(Boolean).map(no).join('、')}`
          case 'reason':
            return `理由：${v}`
          case 'sha256':
            return `结果摘要（SHA-256）：${v}`
          default:
            return d
        }
      })
      .join('；')
  return toCsv(
    AUDIT_CSV_HEADER,
    rows.map((r, i) => [
      i + 1,
      beijingTime(r.at),
      label('voteEvent', r.kind),
      r.byName,
      r.device,
      r.householdId,
      label('voteChoice', r.choice),
      label('voteChannel', r.channel),
      detail(r),
    ]),
  )
}
