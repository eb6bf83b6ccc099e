/**
 * Re-acceptance of the terms and privacy notice (UU PDP consent record).
 *
 * `version` is the notice in force (PRIVACY_NOTICE_VERSION). A new version
 * whose change needs fresh consent is marked by raising `reacceptFrom`
 * (PRIVACY_NOTICE_REACCEPT_FROM) to it: every account that accepted an older
 * one must accept the current version before its session is usable. A new
 * version that does not need it leaves `reacceptFrom` where it was.
 */
export interface NoticePolicy {
  version: number;
  reacceptFrom?: number;
  url?: string;
}

/** What the applicant must accept before anything else: the version and where to read it. */
export interface ConsentRequirement {
  version: number;
  summaryUrl: string | null;
}

/** Null when the accepted version is still good; an account with no record at all is asked too. */
export function consentRequirement(
  policy: NoticePolicy,
  accepted: number | null | undefined,
): ConsentRequirement | null {
  if (policy.reacceptFrom === undefined) return null;
  if ((accepted ?? 0) >= policy.reacceptFrom) return null;
  return { version: policy.version, summaryUrl: policy.url ?? null };
}
