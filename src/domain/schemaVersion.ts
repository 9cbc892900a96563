/**
 * The schema-version line the meeting, proposal and grid docs share: `meta.schemaVersion` (0 when
 * absent), migrations keyed by the version they upgrade from, and refusal of a doc written by a
 * newer client (writing it with an old schema could drop fields this client does not know).
 * Each feature keeps its own version number and migrations; the roll and vote docs throw instead
 * of returning a result, so they keep their own checks.
 */
import type * as Y from 'yjs'

export type MigrationResult =
  | { ok: true; from: number; to: number }
  | { ok: false; reason: 'newer-schema'; version: number }

/** Migrations keyed by the version they upgrade from; each must be idempotent. */
export type Migrations = Record<number, (doc: Y.Doc) => void>

export function schemaVersionOf(doc: Y.Doc): number {
  const v = doc.getMap('meta').get('schemaVersion')
  return typeof v === 'number' ? v : 0
}

/** Runs pending migrations and stamps `version` in one transaction; refuses, without writing, a newer doc. */
export function migrateDoc(doc: Y.Doc, version: number, migrations: Migrations, origin: unknown): MigrationResult {
  const from = schemaVersionOf(doc)
  if (from > version) return { ok: false, reason: 'newer-schema', version: from }
  if (from === version) return { ok: true, from, to: from }
  doc.transact(() => {
    for (let v = from; v < version; v++) migrations[v]?.(doc)
    doc.getMap('meta').set('schemaVersion', version)
  }, origin)
  return { ok: true, from, to: version }
}
