/** The signed-in writer for a doc type's forms, re-read when the council access changes. */
import { type Accessor, createMemo } from 'solid-js'
import type { Condition, DocType } from '../../domain/access/policy'
import type { WriteActor } from '../../domain/access/writeRules'
import { useCouncilAccess } from '../session'
import { currentWriter } from '../writeActor'

export interface DocWriter {
  actor: WriteActor
  conditions: 'write' | readonly Condition[]
}

export function useWriter(councilId: () => string, doc: DocType): Accessor<DocWriter | null> {
  const access = useCouncilAccess(councilId)
  return createMemo(() => {
    access()
    const w = currentWriter(councilId())
    return w && { actor: w.actor, conditions: w.conditions(doc) }
  })
}
