/**
 * What this device remembers about sign-ins (localStorage): the current session, and per phone the
 * last known profile plus the offline password verifier, so a person can log in again without network.
 */
import { isVerifier, type LocalVerifier } from './localVerifier'
import { isProfile, isSession, type Profile, type Session } from './types'

const SESSION_KEY = 'yishi:auth:session'
const ACCOUNTS_KEY = 'yishi:auth:accounts'
/** A shared tablet rarely has more people than this; the oldest is forgotten first. */
const MAX_ACCOUNTS = 12

export interface DeviceAccount {
  profile: Profile
  verifier: LocalVerifier
  lastLogin: number
}

function readJson(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null')
  } catch {
    return null
  }
}

export function loadSession(): Session | null {
  const v = readJson(SESSION_KEY)
  return isSession(v) ? v : null
}

export function saveSession(s: Session | null): void {
  if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s))
  else localStorage.removeItem(SESSION_KEY)
}

export function isSessionKey(key: string | null): boolean {
  return key === SESSION_KEY
}

function loadAccounts(): Record<string, DeviceAccount> {
  const v = readJson(ACCOUNTS_KEY)
  const out: Record<string, DeviceAccount> = {}
  if (typeof v !== 'object' || v === null) return out
  for (const [phone, a] of Object.entries(v as Record<string, unknown>)) {
    const acc = a as Partial<DeviceAccount> | null
    if (acc && isProfile(acc.profile) && isVerifier(acc.verifier) && typeof acc.lastLogin === 'number') {
      out[phone] = acc as DeviceAccount
    }
  }
  return out
}

export function deviceAccount(phone: string): DeviceAccount | null {
  return loadAccounts()[phone] ?? null
}

export function saveDeviceAccount(phone: string, account: DeviceAccount): void {
  const all = loadAccounts()
  all[phone] = account
  const kept = Object.entries(all)
    .sort(([, a], [, b]) => b.lastLogin - a.lastLogin)
    .slice(0, MAX_ACCOUNTS)
  localStorage.setItem(ACCOUNTS_KEY, JSON.stringify(Object.fromEntries(kept)))
}

/** Keeps the remembered profile current (memberships change while someone is signed in). */
export function updateDeviceProfile(profile: Profile): void {
  const acc = deviceAccount(profile.user.phone)
  if (acc) saveDeviceAccount(profile.user.phone, { ...acc, profile })
}
