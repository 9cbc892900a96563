/**
 * The domain rule the client re-runs on each rebased change (reconcile.ts) — the same pure
 * predicates the forms run before writing (src/domain/<feature>/). The sync core does not know the
 * signed-in person's roles, so the UI installs a provider that builds the check per doc.
 */
import type { ChangeCheck } from './reconcile'

export type ChangeCheckProvider = (docName: string) => ChangeCheck | undefined

let provider: ChangeCheckProvider | null = null

export function setChangeCheckProvider(p: ChangeCheckProvider | null): void {
  provider = p
}

export function changeCheckFor(docName: string): ChangeCheck | undefined {
  return provider?.(docName)
}
