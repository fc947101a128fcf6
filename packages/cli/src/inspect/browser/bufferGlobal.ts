// Private: injected by esbuild into the inspector's browser build, so that core's uses of the global `Buffer`
// find browser/nodeBuffer.ts.
export { Buffer } from './nodeBuffer.js';
