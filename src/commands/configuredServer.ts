import { apiBaseUrl } from '../config';
import { UserMessage } from './userMessage';

/** The API server new sign-ins go to, or a clear message when the setting is not usable. */
export function configuredServer(): string {
  const configured = apiBaseUrl();
  if (!configured.ok) throw new UserMessage(`Cannot sign in: zipwhip.apiBaseUrl is not usable. ${configured.message}`);
  return configured.baseUrl;
}
