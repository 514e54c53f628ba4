/** Child process for `serve.integration.test.ts`: starts the CLI relay and prints its URL, as `entwine start` would. */
import { startRelayFromCli } from '../serve.ts';

const [dataDir, tlsCert, tlsKey] = process.argv.slice(2);
const { url } = await startRelayFromCli({ port: 0, dataDir: dataDir as string, tlsCert, tlsKey });
process.stdout.write(`${url}\n`);
