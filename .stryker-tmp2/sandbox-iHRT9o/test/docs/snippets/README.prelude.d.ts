// @ts-nocheck
// What the README's ```ts blocks assume without declaring it (checked by test/docs/snippets.test.ts).
// A script, not a module: these are globals of the README's snippets only (tsconfig.json excludes preludes).

/** The raw Maskinporten token from the request's Authorization header, without "Bearer ". */
declare const maskinportenToken: string;
/** The consent token from the Consent-ID header. */
declare const consentToken: string;
/** Key sets of your own for Maskinporten and for consent tokens (`remoteKeySet`, `localKeySet`). */
declare const maskinporten: import('@dsop-guard/core').KeySet;
declare const consent: import('@dsop-guard/core').KeySet;
/** The person the request is about (PSU-ID). */
declare const person: string;
