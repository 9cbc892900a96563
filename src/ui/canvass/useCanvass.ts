/** Opens what a canvass view needs: the proposal (versions), the roll and the canvass doc. */
import { createMemo, createSignal } from 'solid-js'
import type { ProposalId } from '../../domain/proposals/ids'
import { readVersions } from '../../domain/proposals/queries'
import { readVisits } from '../../domain/canvass/commands'
import { readRoll } from '../../domain/roll/queries'
import { useDoc } from '../useDoc'
import { useYVersion } from '../meetings/useMeeting'
import { docName } from '../../domain/docTypes'

export function useCanvass(councilId: string, proposalId: ProposalId) {
  const proposal = useDoc(docName('proposal', councilId, proposalId))
  const roll = useDoc(docName('roll', councilId))
  const canvass = useDoc(docName('canvass', councilId, proposalId))
  const pv = useYVersion(proposal.handle.doc)
  const rv = useYVersion(roll.handle.doc)
  const cv = useYVersion(canvass.handle.doc)
  const versions = createMemo(() => (pv(), readVersions(proposal.handle.doc)))
  const households = createMemo(() => (rv(), readRoll(roll.handle.doc).households))
  const allVisits = createMemo(() => (cv(), readVisits(canvass.handle.doc)))
  const [chosen, setChosen] = createSignal<string | null>(null)
  /** The chosen version, else the latest (a duplicate number: the later one). */
  const version = createMemo(() => versions().find((v) => v.id === chosen()) ?? versions().at(-1) ?? null)
  const visits = createMemo(() => allVisits().filter((v) => v.versionNo === version()?.no))
  const ready = () => proposal.ready() && roll.ready() && canvass.ready()
  return { proposal, roll, canvass, versions, households, allVisits, visits, version, setVersion: setChosen, ready }
}
