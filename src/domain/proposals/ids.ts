/** Branded ids for proposals (doc names: src/domain/docTypes.ts) and their canvass (docs/schema.md "proposal", "canvass"). */
import { newId, type Brand } from '../ids'

export type ProposalId = Brand<string, 'ProposalId'>
export type ItemId = Brand<string, 'ItemId'>
export type VersionId = Brand<string, 'VersionId'>
export type CommentId = Brand<string, 'CommentId'>
export type PhotoRefId = Brand<string, 'PhotoRefId'>

export const newProposalId = (): ProposalId => newId('pr') as ProposalId
export const newItemId = (): ItemId => newId('i') as ItemId
export const newVersionId = (): VersionId => newId('v') as VersionId
export const newCommentId = (): CommentId => newId('k') as CommentId
export const newPhotoRefId = (): PhotoRefId => newId('ph') as PhotoRefId

/** Proposal ids look like `pr_xxxxxxxxxxxx`; `index` is reserved for the council's proposal index. */
export const PROPOSAL_ID_RE = /^pr_[a-z0-9]{4,32}$/
export const isProposalId = (s: string): s is ProposalId => PROPOSAL_ID_RE.test(s)
