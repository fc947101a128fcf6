// @ts-nocheck
import { protectPersonalData } from '../audit/protectPersonalData.js';
import type { RuleErrorReport } from './engineTypes.js';

// Private: a thrown value, as operators see it: its class and a message with person numbers masked.

const masked = protectPersonalData({ mode: 'mask' });

export function ruleErrorReport(ruleId: string, cause: unknown): RuleErrorReport {
  let errorClass: string = typeof cause;
  let message = '';
  try {
    if (cause instanceof Error) {
      errorClass = cause.name || cause.constructor.name;
      message = String(cause.message);
    } else message = typeof cause === 'string' ? cause : '';
  } catch {
    // A hostile error object (throwing getters) is reported by class only.
  }
  return {
    ruleId,
    errorClass: masked(errorClass.slice(0, 64)),
    message: masked(message.slice(0, 400)).slice(0, 200),
  };
}
