/**
 * Tiny typed i18n: `t(key, params)` over two dictionaries with identical keys. The locale is a Solid
 * signal, so every `t()` call inside JSX re-renders on language switch.
 */
import { createSignal } from 'solid-js'
import { zhCN as shellZh } from './zh-CN'
import { en as shellEn } from './en'
import { featureDictionaries } from './features'

export type Locale = 'zh-CN' | 'en'
/**
 * Each feature keeps its strings in src/i18n/features/<feature>.ts ({ zh, en } with the same keys,
 * checked by its type) and is listed in features/index.ts; the shell's own strings stay here.
 */
const zhCN = { ...shellZh, ...featureDictionaries.zh }
const en = { ...shellEn, ...featureDictionaries.en }
export type MessageKey = keyof typeof zhCN

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en: en as Record<MessageKey, string> }
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
