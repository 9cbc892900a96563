import type { Scope } from '../../auth/types'
import { t } from '../../i18n'

/** "1、2 号楼 · 3-1 单元" — empty for council-wide roles. */
export function scopeText(s: Scope): string {
  const parts: string[] = []
  if (s.buildings?.length) parts.push(t('scope.buildings', { list: s.buildings.join('、') }))
  if (s.units?.length) parts.push(t('scope.units', { list: s.units.join('、') }))
  if (s.households?.length) parts.push(t('scope.households', { list: s.households.join('、') }))
  return parts.join(' · ')
}
