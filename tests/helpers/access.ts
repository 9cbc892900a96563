/**
 * Access helpers for tests. `unrestrictedAccess` lets transport/persistence tests exercise the sync
 * machinery without accounts (it is only ever injected by tests; the server's default is the real
 * token + membership policy). `seedAdmin` prepares a data dir with an admin, a compound and a token
 * for tests that run the real server process.
 */
import type { AccessControl, ConnectionAccess } from '../../server/access/AccessControl'
import { updateChecker } from '../../server/access/contentRules'
import { SqliteAccountStore } from '../../server/accounts/SqliteAccountStore'
import { hashPassword } from '../../server/auth/passwords'
import { TokenService, loadSecret } from '../../server/auth/tokens'

export const unrestricted: ConnectionAccess = {
  userId: 'test',
  level: 'write',
  mayRead: () => true,
  // Plain write access still gets the structural check (as the server gives every write level).
  checkUpdate: updateChecker([], { userId: 'test', roles: [], scope: {} }),
}

export const unrestrictedAccess: AccessControl = {
  forConnection: async () => ({ ok: true, access: unrestricted }),
}

export interface SeededAdmin {
  userId: string
  phone: string
  password: string
  councilId: string
  token: string
}

let phoneSeq = 0

export async function seedAdmin(dataDir: string, ttlS = 3600): Promise<SeededAdmin> {
  const accounts = new SqliteAccountStore(dataDir)
  try {
    const phone = `139${String(Date.now() % 1e8).padStart(8, '0')}`.slice(0, 11).replace(/.$/, String(phoneSeq++ % 10))
    const password = 'test-password'
    const user = await accounts.createUser({
      phone,
      name: '测试管理员',
      passwordHash: await hashPassword(password),
      isAdmin: true,
    })
    const compound = await accounts.createCompound({ name: '测试小区', address: '', grid: '', createdBy: user.id })
    const token = await new TokenService(loadSecret(dataDir)).issueAccess({ userId: user.id, name: user.name }, ttlS)
    return { userId: user.id, phone, password, councilId: compound.id, token }
  } finally {
    await accounts.close()
  }
}
