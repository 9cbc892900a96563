/**
 * Server side of roll import: validate the whole CSV with the domain importer (nothing is written on
 * any error), write masked records into the council's roll doc as one system update, and keep the
 * full phone numbers in the server's phone table (never in the shared doc).
 */
import * as Y from 'yjs'
import { applyImport, importCsv, planImport, type ImportError } from '../../src/domain/roll/importCsv'
import type { RollRefusal } from '../../src/domain/roll/schema'
import type { AccountStore, User } from '../accounts/AccountStore'
import type { RollImportResult } from '../api/councilRoutes'
import { systemOrigin } from '../origins'
import type { DocManager } from '../docs/DocManager'
import type { DocStore } from '../storage/DocStore'
import { docName } from '../../src/domain/docTypes'

/** Where the roll doc lives: the running DocManager, or the store directly (CLI/demo). */
export interface RollTarget {
  current(name: string): Promise<Y.Doc>
  write(name: string, update: Uint8Array): Promise<void>
}

export async function importRoll(
  target: RollTarget,
  accounts: AccountStore,
  councilId: string,
  csv: Uint8Array,
  dryRun: boolean,
  by: User,
): Promise<RollImportResult> {
  const parsed = importCsv(csv)
  if (!parsed.ok) return { status: 422, body: { ok: false, errors: parsed.errors } }
  const name = docName('roll', councilId)
  const scratch = new Y.Doc()
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(await target.current(name)))
  if (dryRun)
    return {
      status: 200,
      body: { ok: true, dryRun: true, preview: parsed.preview, plan: planImport(scratch, parsed.rows) },
    }
  const sv = Y.encodeStateVector(scratch)
  const applied = applyImport(scratch, parsed.rows, by.id, { compoundId: councilId })
  if (!applied.ok) return { status: 409, body: { ok: false, errors: [rollRefusalError(applied.code)] } }
  const report = applied.value
  await accounts.putPhones(
    councilId,
    parsed.rows.filter((r) => r.phone).map((r) => ({ householdId: r.householdId, phone: r.phone })),
  )
  await target.write(name, Y.encodeStateAsUpdate(scratch, sv))
  await accounts.audit({
    at: Date.now(),
    userId: by.id,
    action: 'roll.import',
    target: councilId,
    detail: { ...report, notInFile: report.notInFile.length },
  })
  return { status: 200, body: { ok: true, dryRun: false, preview: { ...parsed.preview, sample: [] }, report } }
}

/** The council's roll doc can't take this import (a newer app wrote it, or it is another compound's). */
function rollRefusalError(code: RollRefusal): ImportError {
  const message =
    code === 'roll.newer_schema'
      ? {
          zh: '名册由更新版本的应用写入，请先更新服务器后再导入',
          en: 'The roll was written by a newer app version; update the server first',
        }
      : { zh: '这份名册属于另一个小区，没有导入', en: 'This roll belongs to another compound; nothing was imported' }
  return { line: 1, column: null, code, message }
}

/** Roll target backed by the live DocManager: the update goes through the normal durable write path. */
export function liveRollTarget(docs: DocManager): RollTarget {
  return {
    current: async (name) => (await docs.get(name)).ydoc,
    write: async (name, update) => {
      // A doc may start unloading between get() and submit(); it then refuses writes, so load again.
      for (let attempt = 0; ; attempt++) {
        const doc = await docs.get(name)
        if (doc.closed && attempt < 3) continue
        await doc.submit(update, systemOrigin('roll-import'))
        return
      }
    },
  }
}

/** Roll target writing straight into a DocStore (CLI/demo, with the server stopped). */
export function storeRollTarget(store: DocStore): RollTarget {
  return {
    current: async (name) => {
      const doc = new Y.Doc()
      for (const u of (await store.load(name)).updates) Y.applyUpdate(doc, u)
      return doc
    },
    write: async (name, update) => {
      await store.appendUpdates(name, [update])
    },
  }
}
