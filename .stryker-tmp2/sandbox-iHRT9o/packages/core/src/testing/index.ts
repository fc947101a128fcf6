// @ts-nocheck
export { createTestKeys } from './createTestKeys.js';
export type { TestKeys, TestKeysOptions } from './createTestKeys.js';
export { signToken } from './signToken.js';
export type { SignTokenOptions } from './signToken.js';
export { createTokenFactory } from './createTokenFactory.js';
export type { TokenFactory, TokenFactoryOptions, TokenOverrides } from './createTokenFactory.js';
export { startMockIssuer } from './startMockIssuer.js';
export type { MockIssuer, MockIssuerMode, MockIssuerOptions } from './startMockIssuer.js';
