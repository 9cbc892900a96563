import type * as Y from 'yjs'

/**
 * The causal number of a record's next step (a Lamport counter per record): 1 + the highest `seq`
 * among the steps of that record this device has seen, so steps order as their authors saw them
 * whatever the devices' clocks say. Grid event steps and upper-level queue steps use it; a step names
 * its record in `recordField` (eventId, itemId). Steps without a seq (older ones) count 0.
 */
export function nextStepSeq(steps: Y.Map<unknown>, recordField: string, recordId: string): number {
  let max = 0
  steps.forEach((v) => {
    const s = v as Record<string, unknown> | null
    if (s && s[recordField] === recordId && typeof s.seq === 'number' && s.seq > max) max = s.seq
  })
  return max + 1
}
