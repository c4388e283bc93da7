/**
 * `npm start -w backend`: the backend on its own, configured from the environment (see README and
 * src/config/config.ts). Exits with a clear message when the configuration is wrong.
 */
import { ConfigError, loadConfig } from "./config/config";
import { startBackend } from "./server";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const backend = await startBackend(config);
  const shutdown = (signal: string) => {
    console.log(`${signal}: stopping the backend`);
    backend.close().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: Error) => {
  console.error(`backend failed to start: ${error.stack ?? error.message}`);
  process.exit(1);
});
