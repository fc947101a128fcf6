import type { CheckContext } from './guardTypes.js';

// Private to the package.

/** The adapter a check comes from, for its audit record and telemetry: `function` unless the context names one. */
export const adapterOf = (context: CheckContext | undefined): string =>
  typeof context?.adapter === 'string' ? context.adapter : 'function';
