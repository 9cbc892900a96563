/** Refusal codes of the grid commands (src/domain/grid/events.ts) → what the worker or resident reads. */
import type { GridRefusal } from '../../domain/grid/events'
import type { Fail } from '../../domain/result'
import { refusalText, type RefusalTexts } from '../refusalText'

const GRID_REFUSALS: RefusalTexts<GridRefusal> = {
  'grid.invalid': 'grid.refusal.invalid',
}

export const gridRefusalText = (f: Fail<GridRefusal>): string => refusalText(GRID_REFUSALS, f)
