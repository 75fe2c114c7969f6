/** Entry point of `dist/sandbox-cli.js` (`npm run sandbox`); the flags and the logic are in ./cliRunner (USAGE). */
import { runCli } from './cliRunner';

void runCli(process.argv.slice(2));
