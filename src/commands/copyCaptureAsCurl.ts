import * as vscode from 'vscode';
import { receiverPort } from '../config';
import { COMMANDS } from '../constants';
import { toCurl } from '../deliveries/curl';
import { captureBodyBytes } from '../receiver/captureStore';
import { replayHeaders, replayUrl, urlOnOrigin } from '../receiver/replay';
import type { CommandDefinition } from './support/commandContext';
import { pickCapture } from './support/pickCapture';

/** A cURL command that sends the captured request again: same method, headers and body. */
export const copyCaptureAsCurl: CommandDefinition = {
  id: COMMANDS.copyCaptureAsCurl,
  async run(context, arg) {
    const capture = await pickCapture(context, arg, 'Copy Delivery as cURL');
    // To the remembered replay target if there is one, else back to the receiver at the captured path. The
    // path is text on the receiver's origin, never resolved as a URL: `//other.host/x` stays on the receiver.
    const target = context.replayTarget.get();
    const url = target
      ? replayUrl(capture.path, target)
      : urlOnOrigin(context.receiver.url ?? `http://127.0.0.1:${receiverPort()}/`, capture.path);
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
