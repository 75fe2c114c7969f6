import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { toCurl } from '../deliveries/curl';
import { captureBodyBytes } from '../receiver/captureStore';
import { replayHeaders, replayUrl } from '../receiver/replay';
import type { CommandDefinition } from './commandContext';
import { resolveCapture } from './deliveryTargets';

/** A cURL command that sends the captured request again: same method, headers and body. */
export const copyDeliveryAsCurl: CommandDefinition = {
  id: COMMANDS.copyDeliveryAsCurl,
  title: 'Copy Delivery as cURL',
  async run(context, arg) {
    const capture = await resolveCapture(context, arg, 'Copy Delivery as cURL');
    // To the remembered replay target if there is one, else back to the receiver at the captured path.
    const target = context.replayTarget.get();
    const url = target ? replayUrl(capture.path, target) : new URL(capture.path, context.receiver.url ?? 'http://127.0.0.1:8787/').toString();
    const body = captureBodyBytes(capture);
    const text = toCurl({
      method: capture.method,
      url,
      headers: replayHeaders(capture.headers),
      ...(body.length > 0 ? { body: capture.isText ? body.toString('utf8') : body } : {}),
    });
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage('Copied the delivery as a cURL command', 3000);
  },
};
