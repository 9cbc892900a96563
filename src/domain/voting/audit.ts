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

const csvCell = (v: string | number) => {
  const s = String(v)
  // Leading = + - @ would be run as a formula by Excel (CSV injection): prefix an apostrophe.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export const AUDIT_CSV_HEADER = [
  '时间 time',
  '类型 kind',
  '编号 id',
  '记录人 user',
  '姓名 name',
  '设备 device',
  '房屋 household',
  '选择 choice',
  '方式 channel',
  '说明 detail',
]

/** CSV text with BOM; `at` as ISO 8601 UTC so the file is the same wherever it is exported. */
export function auditCsv(snap: VoteSnapshot, signatures?: ReadonlyMap<string, SignatureEntry>): string {
  const lines = [AUDIT_CSV_HEADER.map(csvCell).join(',')]
  for (const r of auditRows(snap, signatures)) {
    lines.push(
      [
        new Date(r.at).toISOString(),
        r.kind,
        r.id,
        r.by,
        r.byName,
        r.device,
        r.householdId,
        r.choice,
        r.channel,
        r.detail,
      ]
        .map(csvCell)
        .join(','),
    )
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}
