import { COMMANDS } from '../constants';
import { NO_CHAOS } from '../scenarios/chaos';
import type { CommandDefinition } from './support/commandContext';
import { runScenarioDocument, scenarioDocument } from './support/scenarioRun';

/** Plays the scenario file through the sandbox, step by step, and shows what the handler answered. */
export const runScenario: CommandDefinition = {
  id: COMMANDS.runScenario,
  async run(context, arg) {
    await runScenarioDocument(context, await scenarioDocument(arg), NO_CHAOS);
  },
};
