/**
 * What test/bench/receiver.mjs needs from the TypeScript sources, bundled by `node esbuild.js --bench` into
 * out/bench/receiverLib.js. Only the public API the extension itself uses; not part of the extension bundle.
 */
export { ReceiverHost } from '../../src/receiver/receiverHost';
export { generatePayload } from '../../src/deliveries/payloads';
