/**
 * Entry point: `tsx server/src/main.ts --role=all|web|worker`. Parses the config, starts the
 * role and shuts down gracefully on SIGTERM/SIGINT. Nothing imports this file.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { DatabaseLockedError } from './adapters/postgres/db';
import { RedisUnavailableError } from './adapters/queue/local-redis';
import { RedisLoginRefusedError } from './adapters/queue/redis';
import { type Role, startSamrom } from './server';

const ROLES: readonly Role[] = ['all', 'web', 'worker'];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string', default: 'all' } } });
  const role = values.role as Role;
  if (!ROLES.includes(role)) fail(`--role må være en av / must be one of: ${ROLES.join(', ')}`);

  const config = loadConfig();
  const samrom = await startSamrom(config, { role });
  if (samrom.url) {
    const base = config.publicBaseUrl;
    console.log(
      [
        '',
        `Samrom kjører (${role}) / Samrom is running:`,
        `  Samrom-appen:      ${base}/app/`,
        `  Bot-endepunkt:     ${base}/api/messages`,
        `  Helse / health:    ${base}/healthz   ${base}/readyz   ${base}/metrics`,
        samrom.metricsUrl ? `  Drift / ops:       ${samrom.metricsUrl}/healthz   ${samrom.metricsUrl}/readyz   ${samrom.metricsUrl}/metrics` : '',
        config.auth.devSignIn ? `  Utviklerinnlogging: ${base}/api/dev/people` : '',
        '',
      ]
        .filter((line) => line !== '')
        .join('\n'),
    );
  } else if (samrom.metricsUrl) {
    const ops = samrom.metricsUrl;
    console.log(`\nSamrom kjører (${role}) / Samrom is running:\n  Drift / ops:       ${ops}/healthz   ${ops}/readyz   ${ops}/metrics`);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const deadlineMs = config.shutdown.timeoutMs;
    samrom.logger.info({ signal, drainMs: config.shutdown.drainMs, deadlineMs }, 'shutting down');
    // A dependency that goes away during shutdown must not keep the process alive: what is left
    // in flight runs again elsewhere (the outbox, stalled-job recovery).
    setTimeout(() => {
      samrom.logger.error({ signal, afterMs: deadlineMs }, 'shutdown did not finish in time (SHUTDOWN_TIMEOUT_MS); exiting anyway');
      process.exit(1);
    }, deadlineMs).unref();
    samrom.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        samrom.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

main().catch((err: unknown) => {
  // Configuration and set-up errors end the process with their message; an outage never gets here (start-up waits it out).
  if (err instanceof ConfigError || err instanceof DatabaseLockedError || err instanceof RedisUnavailableError || err instanceof RedisLoginRefusedError) {
    fail(err.message);
  }
  console.error('Samrom kunne ikke starte / could not start:', err);
  process.exit(1);
});
