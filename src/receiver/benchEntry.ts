/**
 * What test/scripts/bench-receiver.mjs and bench-history.mjs need from the TypeScript sources, bundled by
 * `node esbuild.js --bench` into dist/bench-receiver-lib.js. Not part of the extension bundle.
 */
export { CaptureServer } from './captureServer';
export { CaptureStore } from './captureStore';
export { captureHistory } from './captureHistory';
export { ReceiverHost } from './receiverHost';
export { generatePayload } from '../deliveries/payloads';
