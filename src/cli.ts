/**
 * The `compliance-gateway` command line. One file per command under src/commands/.
 */
import { Command } from 'commander';
import { registerScan } from './commands/scan';
import { registerServe } from './commands/serve';

export function buildCli(): Command {
  const program = new Command();
  program
    .name('compliance-gateway')
    .description('Content-compliance filtering gateway for model APIs: inspects prompts and outputs, blocks, redacts or flags, and keeps an audit trail.')
    .showHelpAfterError();
  registerServe(program);
  registerScan(program);
  return program;
}

