/** Refusal codes of the grid commands (src/domain/grid/events.ts, lists.ts) → what the worker or resident reads. */
import type { GridRefusal } from '../../domain/grid/events'
import type { ListsRefusal } from '../../domain/grid/lists'
import type { Fail } from '../../domain/result'
import { refusalText, type RefusalTexts } from '../refusalText'

const GRID_REFUSALS: RefusalTexts<GridRefusal | ListsRefusal> = {
  'grid.invalid': 'grid.refusal.invalid',
  'grid.unknown_project': 'grid.refusal.unknownProject',
}

export const gridRefusalText = (f: Fail<GridRefusal | ListsRefusal>): string => refusalText(GRID_REFUSALS, f)
