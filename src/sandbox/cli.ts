/**
 * Entry point of `dist/sandbox-cli.js`: `node dist/sandbox-cli.js [--port 8123] [--username …] [--password …]
 * [--big-ids] [--no-seed]`. The logic lives in ./cliRunner.
 */
import { runCli } from './cliRunner';

void runCli(process.argv.slice(2));
