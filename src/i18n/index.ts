/**
 * Tiny typed i18n: `t(key, params)` over two dictionaries with identical keys. The locale is a Solid
 * signal, so every `t()` call inside JSX re-renders on language switch.
 */
import { createSignal } from 'solid-js'
import { zhCN } from './zh-CN'
import { en } from './en'

export type Locale = 'zh-CN' | 'en'
export type MessageKey = keyof typeof zhCN

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en }
const LOCALE_KEY = 'yishi:locale'

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(LOCALE_KEY)
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN'
}

const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale())
export { locale }

export function setLocale(l: Locale): void {
  globalThis.localStorage?.setItem(LOCALE_KEY, l)
  if (typeof document !== 'undefined') document.documentElement.lang = l
  setLocaleSignal(l)
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = dictionaries[locale()][key]
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}

/** Picks the singular/plural key for a count (Chinese uses the same text for both). */
export function tCount(one: MessageKey, many: MessageKey, n: number): string {
  return t(n === 1 ? one : many, { n })
}

/** A bilingual message from the server or the domain ({zh, en}) in the current language. */
export function localized(msg: { zh: string; en: string }): string {
  return locale() === 'zh-CN' ? msg.zh : msg.en
}

/** Label for a role name (domain roles; unknown names are shown as they are). */
export function roleLabel(role: string): string {
  const key = `role.${role}`
  return key in dictionaries[locale()] ? t(key as MessageKey) : role
}
