import { expect, type BrowserContext, type Page } from '@playwright/test'

/** Pre-seeds a presence profile so the name prompt doesn't cover the page. */
export async function seedProfile(context: BrowserContext, name: string, colour = '#0f766e'): Promise<void> {
  await context.addInitScript(
    ([n, c]) => {
      if (!localStorage.getItem('yishi:profile')) {
        localStorage.setItem('yishi:profile', JSON.stringify({ name: n, colour: c, role: 'member' }))
      }
    },
    [name, colour] as const,
  )
}

/** Resolves once a service worker controls the page (clientsClaim on first install). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      )
    }
  })
}

export function notes(page: Page) {
  return page.getByTestId('notes-text')
}

export function syncStatus(page: Page) {
  return page.getByTestId('sync-status')
}

export async function openNotes(page: Page, id: string): Promise<void> {
  await page.goto(`/notes/${id}`)
  await expect(notes(page)).toHaveAttribute('data-ready', 'true')
}

/** Types at the end of the notes, like a person adding a line. */
export async function appendText(page: Page, text: string): Promise<void> {
  const area = notes(page)
  await area.click()
  await page.keyboard.press('ControlOrMeta+End')
  await page.keyboard.type(text)
}

export async function pendingCount(page: Page): Promise<number> {
  return Number(await syncStatus(page).getAttribute('data-pending'))
}
