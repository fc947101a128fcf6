// The answer to a person's access request (GDPR article 15): every logged decision about one person.

/** The version of {@link PersonReport}'s shape. */
export const PERSON_REPORT_VERSION = 1;

/** A reason a decision was denied for, with its meaning. */
export interface PersonReason {
  readonly code: string;
  readonly en: string | null;
  readonly nb: string | null;
}

/** One decision about the person: when, who asked, through which delegation, on which consent, and the verdict. */
export interface PersonDecision {
  /** The verdict's time, epoch seconds (`evaluatedAt`). */
  readonly evaluatedAt: number | null;
  readonly decision: 'allow' | 'deny' | null;
  /** Why it was denied (empty for an allow). */
  readonly reasons: readonly PersonReason[];
  /** The organisation that asked: Maskinporten `consumer` as written, and its orgno. */
  readonly consumer: string | null;
  readonly consumerOrgno: string | null;
  /** The vendor that called for it, when the call was delegated to one. */
  readonly supplier: string | null;
  readonly supplierOrgno: string | null;
  /** `direct`, `supplier` or `system_user`, and the delegation source (e.g. Altinn). */
  readonly delegation: string | null;
  readonly delegationSource: string | null;
  /** The consent's `HandledBy`, when it has one. */
  readonly handledBy: string | null;
  /** The consent the decision was taken on, `null` when there was none. */
  readonly consent: {
    readonly source: string | null;
    readonly id: string | null;
    readonly validFrom: number | null;
    readonly validTo: number | null;
  } | null;
  readonly policy: { readonly id: string | null; readonly version: string | null };
  /** The API the request was for, as recorded. */
  readonly route: string | null;
  readonly method: string | null;
  /** Where the record is: `file`, `line`, its chain and seq. */
  readonly file: string;
  readonly line: number;
  readonly chain: string | null;
  readonly seq: number | null;
}

/** What the records allowed the search to see. */
export interface PersonSearch {
  readonly records: number;
  /** Records with the person pseudonymised, by key id: searched when a key was given. */
  readonly pseudonymised: readonly { readonly keyId: string | null; readonly records: number }[];
  /** Records with the person in clear: searched. */
  readonly clear: number;
  /** Records with the person masked (last two digits): nobody can say whom they are about. */
  readonly masked: number;
  /** Of the masked, those whose last two digits are the person's: they may or may not be about this person. */
  readonly maskedSameEnding: number;
  /** Records that name no person. */
  readonly noPerson: number;
  /** Whether a pseudonymisation key was given. */
  readonly keyGiven: boolean;
  /** Whether any record could be attributed: some in clear, or pseudonymised with a key given. */
  readonly answerable: boolean;
}

/**
 * Every decision about one person in the decision logs read, for the person's access request. It holds the
 * person number the requester asked about (`person`): write it only where the requester asked.
 */
export interface PersonReport {
  readonly personReportVersion: typeof PERSON_REPORT_VERSION;
  /** When the report was made, RFC 3339 UTC. */
  readonly generatedAt: string;
  /** The person number asked about, as given. */
  readonly person: string;
  readonly inputs: readonly {
    readonly file: string;
    readonly bytes: number;
    readonly lines: number;
    readonly sha256: string | null;
  }[];
  readonly search: PersonSearch;
  /** Decisions about the person found, in all (the list holds at most `maxListed`). */
  readonly count: number;
  readonly allow: number;
  readonly deny: number;
  /** The decisions, in log order. */
  readonly decisions: readonly PersonDecision[];
  /** Whether every chain in the files is whole (the same verifier as `dsop-guard audit verify`). */
  readonly integrity: {
    readonly whole: boolean;
    readonly problemCount: number;
    readonly keyId: string | null;
  };
}
