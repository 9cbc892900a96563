/**
 * In-page checks of a rendered screen: every visible interactive element big enough for a finger,
 * nothing wider than the window, and no raw ids, ISO timestamps or English words in zh-CN text.
 */
import type { Page } from '@playwright/test'

export interface Finding {
  kind: 'target' | 'overflow' | 'text'
  what: string
}

/** Proper nouns and format names a Chinese user meets as they are. */
export const ENGLISH_ALLOW = [
  'CSV',
  'JSON',
  'Open311',
  'Excel',
  'xlsx',
  'WPS',
  'UTF',
  'GBK',
  'PDF',
  'QR',
  'English',
  'EN',
  'PWA',
  'Yishi',
  'SHA',
]

export async function auditPage(page: Page, minTarget: number): Promise<Finding[]> {
  return page.evaluate(
    ({ minTarget, allow }) => {
      const out: { kind: 'target' | 'overflow' | 'text'; what: string }[] = []
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect()
        if (r.width === 0 || r.height === 0) return false
        const s = getComputedStyle(el)
        return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0.01
      }
      const nameOf = (el: Element) => {
        const text = (el.textContent || el.getAttribute('aria-label') || el.getAttribute('name') || '')
          .trim()
          .slice(0, 30)
        return `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${text}"`
      }
      const selector =
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=radio], [role=checkbox], [role=tab]'
      for (const el of document.querySelectorAll(selector)) {
        if (el.closest('[aria-hidden="true"], .print-only')) continue
        let target: Element = el
        const input = el as HTMLInputElement
        // a checkbox/radio/file input is operated through its label
        if (el.tagName === 'INPUT' && ['checkbox', 'radio', 'file'].includes(input.type)) {
          target = el.closest('label') ?? el
        }
        if (!visible(target)) continue
        // WCAG 2.5.8 inline exception: a link inside a sentence
        if (el.tagName === 'A') {
          const para = el.closest('p, li, td, dd')
          if (para && (para.textContent ?? '').trim().length > (el.textContent ?? '').trim().length + 4) continue
        }
        const r = target.getBoundingClientRect()
        if (r.width + 0.5 < minTarget || r.height + 0.5 < minTarget) {
          out.push({ kind: 'target', what: `${nameOf(el)} ${Math.round(r.width)}×${Math.round(r.height)}` })
        }
      }
      const sw = document.documentElement.scrollWidth
      if (sw > window.innerWidth) {
        // name the widest offenders
        // the innermost elements that stick out (their children don't): the actual culprits
        const out_ = (e: Element) => e.getBoundingClientRect().right > window.innerWidth + 1 && visible(e)
        const wide = [...document.querySelectorAll('main *, header *')]
          .filter((e) => out_(e) && ![...e.children].some(out_))
          .slice(0, 4)
          .map((e) => `${nameOf(e)} ${Math.round(e.getBoundingClientRect().width)}px`)
        out.push({ kind: 'overflow', what: `scrollWidth ${sw} > ${window.innerWidth}: ${wide.join(' | ')}` })
      }
      if (document.documentElement.lang === 'zh-CN') {
        const allowed = new Set(allow.map((w) => w.toLowerCase()))
        const patterns: [RegExp, string][] = [
          [/\b[a-z]{1,4}_[a-z0-9]{6,}\b/, 'raw id'],
          [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'ISO timestamp'],
          [/\b\d{4}-\d{2}-\d{2}\b/, 'ISO date'],
          [/\b\d{4}-W\d{2}\b/, 'ISO week'],
        ]
        for (const el of document.body.querySelectorAll('*')) {
          // an element's own text (Solid splits a sentence into sibling text nodes: join them)
          let text = ''
          for (const n of el.childNodes) if (n.nodeType === Node.TEXT_NODE) text += n.textContent ?? ''
          if (!text.trim() || !visible(el)) continue
          // machine-facing literals: code the person types (marked lang="en"), URLs, hashes
          // translate="no": names people typed (a compound called "CSP 小区 x1"), not the app's own text
          if (el.closest('script, style, [contenteditable="true"], .print-only, code[lang="en"], [translate="no"]'))
            continue
          // receipt codes ("7KQ2-M9XD-4TBW") are what a person reads off their slip and types back
          text = text
            .replace(/\S*:\/\/\S+/g, ' ')
            .replace(/\b[0-9a-f]{16,}\b/g, ' ')
            .replace(/\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/g, ' ')
          for (const [re, label] of patterns) {
            const m = re.exec(text)
            if (m) out.push({ kind: 'text', what: `${label} "${m[0]}" in "${text.trim().slice(0, 40)}"` })
          }
          for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9']{2,}/g)) {
            if (!allowed.has(m[0].toLowerCase()))
              out.push({ kind: 'text', what: `English "${m[0]}" in "${text.trim().slice(0, 40)}"` })
          }
        }
      }
      return out
    },
    { minTarget, allow: ENGLISH_ALLOW },
  )
}
