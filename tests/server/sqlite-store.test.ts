import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { SQLITE_FILE_NAME, SqliteDocStore } from '../../server/storage/SqliteDocStore'
import { makeTempDir } from '../helpers/server'
import { describeDocStore } from './storage-adapter-suite'

describeDocStore('SqliteDocStore', () => {
  const dir = join(makeTempDir(), 'nested', 'data') // also checks mkdir -p
  return { open: () => new SqliteDocStore(dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) }
})

it('creates <dataDir>/yishi.sqlite', async () => {
  const dir = makeTempDir()
  const s = new SqliteDocStore(dir)
  await s.appendUpdates('notes:a', [new Uint8Array([1])])
  await s.close()
  expect(existsSync(join(dir, SQLITE_FILE_NAME))).toBe(true)
  rmSync(dir, { recursive: true, force: true })
})
