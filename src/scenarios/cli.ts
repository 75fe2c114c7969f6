/** Entry point of `npm run scenarios` (dist/scenarios-cli.js); the logic lives in ./cliRunner. */
import { runScenariosCli } from './cliRunner';

void runScenariosCli(process.argv.slice(2));
