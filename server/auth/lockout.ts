/**
 * Login lockout per phone, kept in the account store so every server process sees the same state.
 * After LOCK_AFTER wrong passwords the phone is locked: for the whole window even the correct password
 * is refused. Each further lockout without a successful login in between lasts twice as long (capped).
 * Unknown phones are counted and locked exactly like known ones, so a lockout reveals nothing.
 */
import type { AccountStore, LoginLock } from '../accounts/AccountStore'
import { ApiError } from '../api/http'

export const LOCK_AFTER = 5
export const FIRST_LOCK_MS = 5 * 60_000
export const MAX_LOCK_MS = 24 * 3600_000

export const lockWindowMs = (level: number): number => Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (level - 1))

export function lockedError(waitMs: number): ApiError {
  const min = Math.max(1, Math.ceil(waitMs / 60_000))
  return new ApiError(
    429,
    'locked',
    {
      zh: `该手机号因连续多次密码错误已被暂时锁定，请 ${min} 分钟后再试；如需立即解锁，请联系管理员`,
      en: `This phone number is locked after repeated wrong passwords. Try again in ${min} min, or ask an administrator to unlock it`,
    },
    Math.ceil(waitMs / 1000),
  )
}

export class Lockout {
  constructor(
    private readonly accounts: AccountStore,
    private readonly now: () => number,
  ) {}

  /** Throws the 429 while `key` is locked (whatever the password). */
  async check(key: string): Promise<LoginLock | null> {
    const lock = await this.accounts.loginLock(key)
    const wait = lock ? lock.lockedUntil - this.now() : 0
    if (wait > 0) throw lockedError(wait)
    return lock
  }

  /** Counts a failure; returns the lock's wait in ms when this failure locked the key, else 0. */
  async fail(key: string, lock: LoginLock | null): Promise<number> {
    const failures = (lock?.failures ?? 0) + 1
    const level = lock?.level ?? 0
    if (failures < LOCK_AFTER) {
      await this.accounts.putLoginLock(key, { failures, level, lockedUntil: lock?.lockedUntil ?? 0 })
      return 0
    }
    const window = lockWindowMs(level + 1)
    await this.accounts.putLoginLock(key, { failures: 0, level: level + 1, lockedUntil: this.now() + window })
    return window
  }

  /** A successful login (or an admin's unlock) forgets failures and lock levels. */
  async clear(key: string): Promise<void> {
    await this.accounts.putLoginLock(key, null)
  }
}
