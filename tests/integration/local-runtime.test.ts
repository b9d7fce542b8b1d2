import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJava, startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { LocalSetupError } from '../../infra/local/errors.ts';

describe('starting DynamoDB Local', () => {
  it('says in one sentence which port is taken and how to choose another', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const attempt = startDynamoDbLocal({ port });
      await expect(attempt).rejects.toThrow(LocalSetupError);
      await expect(attempt).rejects.toThrow(`Port ${port} for DynamoDB Local is already in use: stop the program using it or choose another port with DYNAMODB_PORT=<port>.`);
    } finally {
      blocker.close();
    }
  });

  it('names a damaged data folder and what to do about it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tarjotin-corrupt-'));
    writeFileSync(join(dataDir, 'shared-local-instance.db'), 'not a database '.repeat(500));
    const attempt = startDynamoDbLocal({ port: 0, dataDir });
    await expect(attempt).rejects.toThrow(LocalSetupError);
    await expect(attempt).rejects.toThrow(/may be damaged: move it away/);
    await expect(attempt).rejects.not.toThrow(/\tat /);
  });

  it('gives the install command when Java is missing', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => checkJava()).toThrow(/Java was not found.*apt-get install -y openjdk-17-jre-headless/);
    } finally {
      process.env.PATH = path;
    }
  });
});
