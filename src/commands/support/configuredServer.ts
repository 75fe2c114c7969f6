import { isLoopbackHost } from '../../api/baseUrl';
import { NetworkError } from '../../api/errors';
import { apiBaseUrl } from '../../config';
import { DEFAULT_API_BASE_URL } from '../../constants';
import { UserFacingError } from '../../errors/userFacingError';
import type { CommandContext } from './commandContext';

/**
 * The API server new sign-ins go to, or a clear message when the setting is not usable. The receiver's own
 * address is refused: it would capture the password and keep it in its history.
 */
export function configuredServer(context: Pick<CommandContext, 'receiver'>): string {
  const configured = apiBaseUrl();
  if (!configured.ok) throw new UserFacingError(`Cannot sign in: zipwhip.apiBaseUrl is not usable. ${configured.message}`);
  const receiver = context.receiver.url;
  if (receiver !== undefined) {
    const api = new URL(configured.baseUrl);
    const own = new URL(receiver);
    if (isLoopbackHost(api.hostname) && api.port === own.port) {
      throw new UserFacingError(
        `Cannot sign in: zipwhip.apiBaseUrl (${api.host}) is the receiver's own address, which would capture your password. Point it at the sandbox or a Zipwhip-compatible server.`,
      );
    }
  }
  return configured.baseUrl;
}

/**
 * Zipwhip's product ended on 2022-12-01: when the default server does not resolve or does not answer, say
 * that the service may no longer exist and offer the sandbox, instead of a bare network error.
 */
export async function explainUnreachableDefaultServer<T>(server: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (
      server === DEFAULT_API_BASE_URL &&
      error instanceof NetworkError &&
      (error.failure === 'dns' || error.failure === 'timeout' || error.failure === 'refused')
    ) {
      throw new UserFacingError(
        `${error.message} Zipwhip's product, web integrations included, ended on 2022-12-01, so this service may no longer exist. The built-in sandbox behaves like it.`,
        'Start Sandbox',
      );
    }
    throw error;
  }
}
