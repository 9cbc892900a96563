/** One vote doc as Solid signals: the validated snapshot and its tally, re-read once per burst of updates. */
import { createMemo, createSignal, onCleanup, type Accessor } from 'solid-js'
import type { Actor } from '../../domain/actor'
import { readVote, type VoteSnapshot } from '../../domain/voting/read'
import { tallyVote, type VoteTally } from '../../domain/voting/resolution'
import { signaturesFor, type SignatureEntry } from '../../domain/voting/signatures'
import type { Session } from '../../auth/types'
import { deviceId } from '../deviceId'
import { useDoc, useDocValue, type UsedDoc } from '../useDoc'
import { docName } from '../../domain/docTypes'

const EMPTY: VoteSnapshot = { meta: null, roll: [], ballots: [], late: [], resolutions: [], events: [], invalid: [] }

export interface UsedVote {
  doc: UsedDoc
  snap: Accessor<VoteSnapshot>
  tally: Accessor<VoteTally | null>
}

export function useVote(councilId: string, voteId: string): UsedVote {
  const doc = useDoc(docName('vote', councilId, voteId))
  const snap = useDocValue(doc.handle.doc, doc.handle.ready, readVote, { value: EMPTY })
  const tally = createMemo(() => {
    const s = snap()
    return s.meta ? tallyVote(s, s.meta.matter) : null
  })
  return { doc, snap, tally }
}

export interface UsedSignatures {
  doc: UsedDoc
  /** ballot id → name and signature (votesig entries, plus names left in version 1 ballots) */
  byBallot: Accessor<Map<string, SignatureEntry>>
}

/**
 * The vote's votesig doc (voters' names and signatures). Only call this for people whose roles may
 * read it (`councilAccess(...).canRead('votesig')`): residents never open it, so their devices never
 * hold signatures.
 */
export function useVoteSignatures(vote: UsedVote, councilId: string, voteId: string): UsedSignatures {
  const doc = useDoc(docName('votesig', councilId, voteId))
  const [version, setVersion] = createSignal(0)
  const bump = () => setVersion((v) => v + 1)
  doc.handle.doc.on('update', bump)
  void doc.handle.ready.then(bump)
  onCleanup(() => doc.handle.doc.off('update', bump))
  const byBallot = createMemo(() => {
    version()
    vote.snap() // re-pair when ballots arrive (version 1 ballots carry names themselves)
    return signaturesFor(vote.doc.handle.doc, doc.handle.doc)
  })
  return { doc, byBallot }
}

export function actorOf(session: Session | null): Actor | null {
  return session ? { userId: session.user.id, name: session.user.name, device: deviceId() } : null
}

/** Votes this device knows of per council (offline list; merged with GET /api/votes). */
export function rememberVote(councilId: string, v: { voteId: string; title: string }): void {
  const key = `yishi:votes:${councilId}`
  const list = knownVotes(councilId).filter((x) => x.voteId !== v.voteId)
  localStorage.setItem(key, JSON.stringify([v, ...list].slice(0, 100)))
}
export function knownVotes(councilId: string): Array<{ voteId: string; title: string }> {
  try {
    const v = JSON.parse(localStorage.getItem(`yishi:votes:${councilId}`) ?? '[]') as unknown
    return Array.isArray(v) ? (v as Array<{ voteId: string; title: string }>) : []
  } catch {
    return []
  }
}
