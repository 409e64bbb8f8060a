// The process: one server, or (SERVER_PROCESSES > 1) a supervisor of that many on one port.
// The supervisor loads none of the app: the first server process it starts migrates
// and seeds, and the others start once it listens.
import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config.js';
import { superviseServerProcesses } from './server-processes.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.serverProcesses > 1 && cluster.isPrimary) return superviseServerProcesses(config.serverProcesses);
  const { runServer } = await import('./server-run.js');
  await runServer(config);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
