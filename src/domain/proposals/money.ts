/**
 * Money as integer fen (分): exact sums and differences, never floats. Input is typed in yuan
 * ("12345.6", "1,200", "１２００") and parsed digit by digit; output is "12,345.60".
 */
export const MAX_FEN = 99_999_999_999_99 // under 1e12 yuan, far below Number.MAX_SAFE_INTEGER

/** "12345.67" → 1234567; null when it is not a non-negative amount with at most 2 decimals. */
export function parseYuan(input: string): number | null {
  const s = input
    .replace(/[\uFF10-\uFF19\uFF0E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, '')
    .replace(/[元¥￥]/g, '')
  const m = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(s)
  if (!m) return null
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return fen <= MAX_FEN ? fen : null
}

/** 1234567 → "12,345.67"; negative amounts (differences) get a leading "-". */
export function formatYuan(fen: number): string {
  const neg = fen < 0
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const rest = String(abs % 100).padStart(2, '0')
  return `${neg ? '-' : ''}${String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${rest}`
}

/** A difference with its sign: "+1,200.00" / "-300.00" / "0.00". */
export function formatYuanDelta(fen: number): string {
  return fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen)
}
