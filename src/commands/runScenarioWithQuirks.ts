import { COMMANDS } from '../constants';
import { promptChaos } from '../prompts/chaosForm';
import type { CommandDefinition } from './support/commandContext';
import { runScenarioDocument, scenarioDocument } from './support/scenarioRun';

/** Run Scenario with Zipwhip's delivery quirks (duplicates, shuffled progress, resets…) and a seed to repeat it. */
export const runScenarioWithQuirks: CommandDefinition = {
  id: COMMANDS.runScenarioWithQuirks,
  async run(context, arg) {
    const document = await scenarioDocument(arg);
    const chaos = await promptChaos(context.prompter(), 'Run Scenario with Delivery Quirks');
    await runScenarioDocument(context, document, chaos);
  },
};
