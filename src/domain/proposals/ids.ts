/** Branded ids and doc names for proposals and their canvass (docs/schema.md "proposal", "canvass"). */
import { randomId, type Brand } from '../ids'

export type ProposalId = Brand<string, 'ProposalId'>
export type ItemId = Brand<string, 'ItemId'>
export type VersionId = Brand<string, 'VersionId'>
export type CommentId = Brand<string, 'CommentId'>
export type PhotoRefId = Brand<string, 'PhotoRefId'>

export const newProposalId = (): ProposalId => randomId('pr') as ProposalId
export const newItemId = (): ItemId => randomId('i') as ItemId
export const newVersionId = (): VersionId => randomId('v') as VersionId
export const newCommentId = (): CommentId => randomId('k') as CommentId
export const newPhotoRefId = (): PhotoRefId => randomId('ph') as PhotoRefId

/** Proposal ids look like `pr_xxxxxxxxxxxx`; `index` is reserved for the council's proposal index. */
export const PROPOSAL_ID_RE = /^pr_[a-z0-9]{4,32}$/
export const isProposalId = (s: string): s is ProposalId => PROPOSAL_ID_RE.test(s)

export const proposalIndexDocName = (councilId: string): string => `proposal:${councilId}:index`
export const proposalDocName = (councilId: string, id: ProposalId): string => `proposal:${councilId}:${id}`
/**
 * The working draft of the next version (title, summary, budget, items, photos, adopted suggestions,
 * comments on the draft) lives in its own doc that only the plan's editors may open: residents are
 * refused at the server (4403) and read only the published versions in `proposal:<c>:<id>`.
 */
export const planDraftDocName = (councilId: string, id: ProposalId): string => `plandraft:${councilId}:${id}`
/** One canvass doc per proposal; each visit names the version it asked about. */
export const canvassDocName = (councilId: string, id: ProposalId): string => `canvass:${councilId}:${id}`
