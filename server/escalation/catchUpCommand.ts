/**
 * The escalation catch-up with the server stopped (`npm run yishi -- reindex` runs it before
 * rebuilding the read models, so mirrored steps it writes are folded too): a DocManager straight
 * over the store, the bridge over the account store's org tree, one pass (catchUp.ts).
 */
import type { AccountStore } from '../accounts/AccountStore'
import { DocManager } from '../docs/DocManager'
import type { Logger } from '../log'
import type { DocStore } from '../storage/DocStore'
import { EscalationBridge } from './bridge'
import { catchUpEscalations, type CatchUpReport } from './catchUp'
import { accountOrgDirectory } from './orgDirectory'

export async function catchUpOffline(
  store: DocStore,
  accounts: AccountStore,
  compactAfterUpdates: number,
  log: Logger,
): Promise<CatchUpReport> {
  const docs = new DocManager(store, { idleUnloadMs: 60_000, compactAfterUpdates, log })
  try {
    return await catchUpEscalations(store, new EscalationBridge(docs, accountOrgDirectory(accounts), log))
  } finally {
    await docs.close()
  }
}
