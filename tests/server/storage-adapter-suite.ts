/**
 * Acceptance suite every DocStore adapter must pass. Call it from a *.test.ts with a factory:
 *
 *   describeDocStore('SqliteDocStore', async () => { const dir = ...; return {
 *     open: () => new SqliteDocStore(dir), cleanup: () => rm(dir) } })
 *
 * `open()` must return a store over the SAME underlying data each time it is called (used to test
 * persistence across close/reopen); `cleanup()` removes the data after the test.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { DocStore } from '../../server/storage/DocStore'

export interface DocStoreFixture {
  open(): DocStore | Promise<DocStore>
  cleanup(): void | Promise<void>
}

const bytes = (...xs: number[]) => new Uint8Array(xs)

export function describeDocStore(name: string, makeFixture: () => Promise<DocStoreFixture> | DocStoreFixture): void {
  describe(`DocStore adapter: ${name}`, () => {
    const open: DocStore[] = []
    const fixtures: DocStoreFixture[] = []
    const setup = async () => {
      const f = await makeFixture()
      fixtures.push(f)
      const s = await f.open()
      open.push(s)
      return { f, s }
    }
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close().catch(() => {})
      for (const f of fixtures.splice(0)) await f.cleanup()
    })

    it('loads an unknown doc as empty', async () => {
      const { s } = await setup()
      expect(await s.load('notes:none')).toEqual({ updates: [], lastId: 0 })
    })

    it('appends and loads in order, ids increase', async () => {
      const { s } = await setup()
      const id1 = await s.appendUpdates('notes:a', [bytes(1)])
      const id2 = await s.appendUpdates('notes:a', [bytes(2, 2)])
      expect(id2).toBeGreaterThan(id1)
      const loaded = await s.load('notes:a')
      expect(loaded.updates.map((u) => [...u])).toEqual([[1], [2, 2]])
      expect(loaded.lastId).toBe(id2)
      expect(loaded.updates[0]).toBeInstanceOf(Uint8Array)
    })

    it('appends a batch in one call, keeping order and isolating docs', async () => {
      const { s } = await setup()
      const last = await s.appendUpdates('notes:a', [bytes(1), bytes(2), bytes(3)])
      await s.appendUpdates('notes:b', [bytes(9)])
      const a = await s.load('notes:a')
      expect(a.updates.map((u) => u[0])).toEqual([1, 2, 3])
      expect(a.lastId).toBe(last)
      expect((await s.load('notes:b')).updates.map((u) => u[0])).toEqual([9])
      expect(await s.appendUpdates('notes:a', [])).toBe(last)
    })

    it('compacts rows <= uptoId into one snapshot and keeps later rows after it', async () => {
      const { s } = await setup()
      await s.appendUpdates('notes:a', [bytes(1), bytes(2)])
      const upto = await s.appendUpdates('notes:a', [bytes(3)])
      const later = await s.appendUpdates('notes:a', [bytes(4)])
      await s.compact('notes:a', bytes(7, 7, 7), upto)
      const loaded = await s.load('notes:a')
      expect(loaded.updates.map((u) => [...u])).toEqual([[7, 7, 7], [4]])
      expect(loaded.lastId).toBe(later)
      // Appends after a compaction continue after the existing ids.
      const next = await s.appendUpdates('notes:a', [bytes(5)])
      expect(next).toBeGreaterThan(later)
      expect((await s.load('notes:a')).updates.map((u) => u[0])).toEqual([7, 4, 5])
    })

    it('compactMerging replaces rows <= uptoId by merge(those rows), in one step', async () => {
      const { s } = await setup()
      await s.appendUpdates('notes:a', [bytes(1), bytes(2)])
      const upto = await s.appendUpdates('notes:a', [bytes(3)])
      const later = await s.appendUpdates('notes:a', [bytes(4)])
      let seen: number[][] = []
      const folded = await s.compactMerging('notes:a', upto, (rows) => {
        seen = rows.map((r) => [...r])
        return bytes(9, ...rows.map((r) => r[0]!))
      })
      expect(folded).toBe(3)
      expect(seen).toEqual([[1], [2], [3]])
      const loaded = await s.load('notes:a')
      expect(loaded.updates.map((u) => [...u])).toEqual([[9, 1, 2, 3], [4]])
      expect(loaded.lastId).toBe(later)
      // Nothing to fold: one row <= uptoId is left as it is.
      expect(await s.compactMerging('notes:a', upto, () => bytes(0))).toBe(0)
      const next = await s.appendUpdates('notes:a', [bytes(5)])
      expect(next).toBeGreaterThan(later)
      expect((await s.load('notes:a')).updates.map((u) => u[0])).toEqual([9, 4, 5])
    })

    it('lists docs and removes one', async () => {
      const { s } = await setup()
      await s.appendUpdates('notes:a', [bytes(1)])
      await s.appendUpdates('minutes:m1', [bytes(2)])
      expect((await s.list()).sort()).toEqual(['minutes:m1', 'notes:a'])
      await s.remove('notes:a')
      expect(await s.list()).toEqual(['minutes:m1'])
      expect((await s.load('notes:a')).updates).toEqual([])
    })

    it('persists across close and reopen', async () => {
      const { f, s } = await setup()
      await s.appendUpdates('notes:a', [bytes(1), bytes(2)])
      const upto = await s.appendUpdates('notes:a', [bytes(3)])
      await s.compact('notes:a', bytes(8), upto)
      await s.appendUpdates('notes:a', [bytes(4)])
      await s.close()
      open.splice(open.indexOf(s), 1)
      const s2 = await f.open()
      open.push(s2)
      expect((await s2.load('notes:a')).updates.map((u) => [...u])).toEqual([[8], [4]])
      expect(await s2.list()).toEqual(['notes:a'])
    })
  })
}
