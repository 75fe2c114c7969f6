/** Entry point of `npm run receiver` (dist/receiver-cli.js); the logic lives in ./cliRunner. */
import { runReceiverCli } from './cliRunner';

void runReceiverCli(process.argv.slice(2));
