/** A proposed catalog change as lists show it (the server's rows and the page's list share this shape; ADR 041). */
export type ProposalStatus = 'pending' | 'accepted' | 'rejected'

export interface ProposalRow {
  id: string
  key: string
  title: string
  status: ProposalStatus
  changeNote: string
  proposedByName: string
  /** ISO instants. */
  createdAt: string
  baseVersion: number
  decidedByName: string | null
  decidedAt: string | null
  /** Why it was rejected, or the note given when it was accepted. */
  decisionNote: string | null
  acceptedVersion: number | null
}
