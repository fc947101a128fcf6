// @ts-nocheck
// What docs/policy-files.md's ```ts blocks assume without declaring it (checked by test/docs/snippets.test.ts).
// A script, not a module: these are globals of this doc's snippets only (tsconfig.json excludes preludes).

/** Key sets of your own for Maskinporten and for Altinn's consent tokens (`remoteKeySet`, `localKeySet`). */
declare const keys: import('@dsop-guard/core').KeySet;
declare const altinnKeys: import('@dsop-guard/core').KeySet;
