/**
 * The `compliance-gateway` command line. One file per command under src/commands/.
 */
import { Command } from 'commander';
import { registerScan } from './commands/scan';
import { registerServe } from './commands/serve';
import { registerTrain } from './commands/train';
import { registerEval } from './commands/eval';
import { registerAudit } from './commands/audit';
import { registerReport } from './commands/report';
import { registerReplay } from './commands/replay';
import { registerAssess } from './commands/assess';
import { registerRules } from './commands/rules';
import { registerDashboard } from './commands/dashboard';

export function buildCli(): Command {
  const program = new Command();
  program
    .name('compliance-gateway')
    .description('Content-compliance filtering gateway for model APIs: inspects prompts and outputs, blocks, redacts or flags, and keeps an audit trail.')
    .showHelpAfterError();
  registerServe(program);
  registerScan(program);
  registerTrain(program);
  registerEval(program);
  registerAudit(program);
  registerReport(program);
  registerReplay(program);
  registerAssess(program);
  registerRules(program);
  registerDashboard(program);
  return program;
}

