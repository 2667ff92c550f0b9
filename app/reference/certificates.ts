/** Certificates that entitle a person to an account (第六条). */
export const certificateKinds = [
  { key: 'enforcement', title: '行政执法证' },
  { key: 'supervision', title: '执法监督证' },
] as const

export type CertificateKind = (typeof certificateKinds)[number]['key']

export function certificateTitle(key: string | null | undefined): string {
  return certificateKinds.find((c) => c.key === key)?.title ?? '无'
}
