/**
 * The marker a load client writes into each update: `@@` + client (5 digits) + update number of that
 * client (6) + send time (12, µs of the system-wide monotonic clock) + `@@`. Fixed width, so the send
 * time is patched into a pre-encoded frame in place; receivers find it with Buffer.indexOf, without a
 * Y.Doc. The monotonic clock is shared by all processes on the machine, so fan-out latency is
 * measured across load processes on one clock.
 */
export const MARK = Buffer.from('@@')
const CLIENT_DIGITS = 5
const SEQ_DIGITS = 6
const TIME_DIGITS = 12
export const MARKER_LENGTH = 2 + CLIENT_DIGITS + SEQ_DIGITS + TIME_DIGITS + 2

/** Microseconds of the monotonic clock (same in every process on this machine). */
export const nowUs = (): number => Number(process.hrtime.bigint() / 1000n)

/** The marker text with a zero time, to be patched by `stampTime`. */
export function markerText(client: number, seq: number): string {
  return `@@${String(client).padStart(CLIENT_DIGITS, '0')}${String(seq).padStart(SEQ_DIGITS, '0')}${'0'.repeat(TIME_DIGITS)}@@`
}

/** Update id = client × 1e6 + seq (unique over the run). */
export const updateId = (client: number, seq: number): number => client * 1e6 + seq

/** Writes `us` into the time digits of the marker starting at `at` in `buf`. */
export function stampTime(buf: Uint8Array, at: number, us: number): void {
  let v = Math.floor(us)
  for (let i = at + 2 + CLIENT_DIGITS + SEQ_DIGITS + TIME_DIGITS - 1; i >= at + 2 + CLIENT_DIGITS + SEQ_DIGITS; i--) {
    buf[i] = 48 + (v % 10)
    v = Math.floor(v / 10)
  }
}

/** Reads `count` digits at `at`; NaN when one is not a digit. */
function digits(buf: Uint8Array, at: number, count: number): number {
  let n = 0
  for (let i = at; i < at + count; i++) {
    const c = buf[i]!
    if (c < 48 || c > 57) return Number.NaN
    n = n * 10 + c - 48
  }
  return n
}

/** Calls `found(client, seq, sentUs)` for every marker in `buf`. */
export function scanMarkers(buf: Buffer, found: (client: number, seq: number, sentUs: number) => void): void {
  for (let at = buf.indexOf(MARK); at >= 0 && at + MARKER_LENGTH <= buf.length; at = buf.indexOf(MARK, at + 2)) {
    if (buf[at + MARKER_LENGTH - 2] !== 64 || buf[at + MARKER_LENGTH - 1] !== 64) continue
    const client = digits(buf, at + 2, CLIENT_DIGITS)
    const seq = digits(buf, at + 2 + CLIENT_DIGITS, SEQ_DIGITS)
    const sent = digits(buf, at + 2 + CLIENT_DIGITS + SEQ_DIGITS, TIME_DIGITS)
    if (Number.isNaN(client) || Number.isNaN(seq) || Number.isNaN(sent)) continue
    found(client, seq, sent)
    at += MARKER_LENGTH - 2
  }
}
