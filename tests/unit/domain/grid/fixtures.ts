/** Shared grid test fixtures: Beijing wall time, a grid worker, a worker-reported event. */

/** Beijing wall time → epoch ms. */
export const bj = (s: string) => Date.parse(`${s}+08:00`)
export const worker = { userId: 'u-w', name: '网格员甲' }
/** A streetlight event a worker found at `foundAt`. */
export const newEvent = (foundAt: number) => ({
  category: 'facility' as const,
  title: '路灯不亮',
  description: '',
  place: '3号楼',
  gridId: null,
  source: 'worker' as const,
  foundAt,
})
