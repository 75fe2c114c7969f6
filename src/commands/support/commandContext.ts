import type { LineSessions } from '../../auth/lineSessions';
import type { PayloadDocuments } from '../../editing/payloadDocuments';
import type { CommandId } from '../../constants';
import type { Log } from '../../log';
import type { Prompter } from '../../prompts/prompter';
import type { HookRedirects } from '../../receiver/hookRedirects';
import type { ReceiverHost } from '../../receiver/receiverHost';
import type { SandboxHost } from '../../sandbox/sandboxHost';
import type { ZipwhipTests } from '../../testing/zipwhipTests';
import type { ScenarioDiagnostics } from '../../editing/scenarioDiagnostics';
import type { CapturesTreeProvider } from '../../views/capturesTreeProvider';
import type { ReadOnlyDocuments } from '../../views/readOnlyDocuments';
import type { ReplayTargetStore } from '../../storage';
import type { WebhookTreeProvider } from '../../views/webhookTreeProvider';

/** What every command can use. Built once in extension.ts. */
export interface CommandContext {
  readonly sessions: LineSessions;
  readonly sandbox: SandboxHost;
  readonly tree: WebhookTreeProvider;
  readonly log: Log;
  readonly receiver: ReceiverHost;
  /** The Deliveries view and its filter. */
  readonly captures: CapturesTreeProvider;
  readonly redirects: HookRedirects;
  readonly documents: ReadOnlyDocuments;
  /** Editable payloads (Edit and Replay, Simulate Event with an edited payload). */
  readonly payloads: PayloadDocuments;
  /** The Test Explorer's Zipwhip tests. */
  readonly tests: ZipwhipTests;
  readonly diagnostics: ScenarioDiagnostics;
  /** The last URL captures were replayed to, per workspace. */
  readonly replayTarget: ReplayTargetStore;
  /** The handler Start Receiver last forwarded to, per workspace. */
  readonly forwardTarget: ReplayTargetStore;
  /** Read on every use, so a test can swap the prompter after activation. */
  prompter(): Prompter;
}

/** One command: its id (its title comes from COMMAND_TITLES) and what it does. */
export interface CommandDefinition {
  readonly id: CommandId;
  run(context: CommandContext, ...args: unknown[]): Promise<void>;
}
