import { createServer } from 'node:net';
import { LocalSetupError } from './errors.ts';

/** Resolves when `port` can be listened on; 0 asks for any free port and returns it. */
export function claimablePort(port: number, what: string, envName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalSetupError(
              `Port ${port} for ${what} is already in use: stop the program using it or choose another port with ${envName}=<port>.`,
            )
          : error,
      );
    });
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : port));
    });
  });
}
