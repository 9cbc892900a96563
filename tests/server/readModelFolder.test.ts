/**
 * The folder's incremental path (server/readmodel/folder.ts, eventTracker.ts): after the first
 * fold of an event doc, a change folds only the events it touched — including a step rewritten to
 * name another event, a removed or invalid event record and a nested edit — and the tables still
 * equal a fold of the whole doc; a doc reloaded in the state last folded is not folded again, one
 * changed elsewhere is folded whole.
 */
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docName } from '../../src/domain/docTypes'
import { addStep, reportEvent } from '../../src/domain/grid/events'
import { ROOTS } from '../../src/domain/grid/schema'
import { ReadModelFolder } from '../../server/readmodel/folder'
import { sortDump } from '../../server/readmodel/ReadModelStore'
import { foldDoc, tablesOf } from '../../server/readmodel/rows'
import { SqliteReadModel } from '../../server/readmodel/SqliteReadModel'
import { createLogger } from '../../server/log'
import { makeTempDir } from '../helpers/server'
import { unwrap } from '../../src/domain/result'

const NAME = docName('event', 'c1')
const NOW = Date.UTC(2026, 11, 2, 4, 0)
const actor = { userId: 'u1', name: '网格员' }
const report = (doc: Y.Doc, at: number) =>
  unwrap(
    reportEvent(
      doc,
      {
        category: 'facility',
        title: '路灯',
        description: '',
        place: '',
        gridId: null,
        source: 'worker',
        foundAt: at,
      },
      actor,
      at,
    ),
  )

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('read-model folder: incremental event folds', () => {
  it('folds only touched events, equal to a whole-doc fold; skips an unchanged reload', async () => {
    const dir = makeTempDir('yishi-folder-')
    dirs.push(dir)
    const rm = new SqliteReadModel(dir)
    const folder = new ReadModelFolder(rm, { intervalMs: 1, log: createLogger('error') })
    const doc = new Y.Doc()
    const ids = Array.from({ length: 20 }, (_, i) => report(doc, NOW - i * 3_600_000))
    const expectWhole = async (d: Y.Doc) =>
      expect(sortDump(await rm.dump())).toEqual(sortDump(tablesOf([foldDoc(NAME, d)!])))

    folder.stored(NAME, doc)
    await folder.flush()
    expect([folder.folds, folder.fullFolds]).toEqual([1, 1])
    await expectWhole(doc)

    // One step: one event refolded, as a patch.
    unwrap(addStep(doc, ids[3]!, { kind: 'handle', note: '' }, actor, NOW))
    folder.stored(NAME, doc)
    await folder.flush()
    expect([folder.folds, folder.fullFolds]).toEqual([2, 1])
    await expectWhole(doc)

    // A step rewritten to name another event (both change), a record deleted, one made invalid,
    // a rating, and a new event with a nested Y.Map record edited afterwards.
    const steps = doc.getMap<unknown>(ROOTS.steps)
    const stepId = unwrap(addStep(doc, ids[5]!, { kind: 'handle', note: '' }, actor, NOW))
    folder.stored(NAME, doc)
    await folder.flush()
    expect((await rm.dump()).events.find((e) => e.eventId === ids[5])?.handledAt).toBe(NOW)
    steps.set(stepId, { ...(steps.get(stepId) as object), eventId: ids[6] })
    doc.getMap(ROOTS.events).delete(ids[7]!)
    doc.getMap(ROOTS.events).set(ids[8]!, { broken: true })
    unwrap(addStep(doc, ids[3]!, { kind: 'rate', satisfaction: 4 }, actor, NOW + 1000))
    const nested = new Y.Map<unknown>()
    const fresh = report(new Y.Doc(), NOW) // an id only
    doc.getMap(ROOTS.events).set(fresh, nested)
    for (const [k, v] of Object.entries({
      category: 'parking',
      title: '占道',
      description: '',
      place: '',
      gridId: null,
      source: 'worker',
      foundAt: NOW,
      eventId: fresh,
      reporterId: 'u1',
      reporterName: '网格员',
      createdAt: NOW,
    }))
      nested.set(k, v)
    folder.stored(NAME, doc)
    await folder.flush()
    await expectWhole(doc)
    nested.set('category', 'facility')
    folder.stored(NAME, doc)
    await folder.flush()
    await expectWhole(doc)
    expect(folder.fullFolds).toBe(1)
    const dump = await rm.dump()
    expect(dump.events.map((e) => e.eventId)).not.toContain(ids[7])
    expect(dump.events.find((e) => e.eventId === fresh)?.category).toBe('facility')

    // Reloaded unchanged (a new Y.Doc of the same content): no fold. Changed elsewhere: a whole fold.
    const reload = () => {
      const d = new Y.Doc()
      Y.applyUpdate(d, Y.encodeStateAsUpdate(doc))
      return d
    }
    const folds = folder.folds
    folder.stored(NAME, reload())
    await folder.flush()
    expect([folder.folds, folder.fullFolds]).toEqual([folds, 1])
    doc.getMap(ROOTS.events).delete(ids[0]!) // a deletion only: no new struct, same state vector
    folder.stored(NAME, reload())
    await folder.flush()
    expect(folder.fullFolds).toBe(2)
    await expectWhole(doc)
    await rm.close()
  })
})
