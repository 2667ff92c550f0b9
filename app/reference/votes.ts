/**
 * The votes of a 案审会 attendee (docs/decisions/021): one list for the
 * server's check of recorded minutes and the form that records them.
 */
export const VOTES = ['同意', '不同意', '弃权'] as const
export type Vote = (typeof VOTES)[number]
