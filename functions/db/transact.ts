import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';

/** One action of a TransactWriteItems. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Why a transaction was cancelled, by the kinds its actions were given: every kind whose
 * condition failed, the kind of the first action that failed (in the order added), and whether
 * another transaction held one of the items (`conflict`: try again).
 */
export type TransactRefusal<K extends string> = { failed: ReadonlySet<K>; first: K | undefined; conflict: boolean };

/**
 * A TransactWriteItems built action by action, each with a kind its refusal is told by. A
 * cancellation for any other reason (a validation error, a throttled request) is thrown.
 */
export function transaction<K extends string>() {
  const kinds: K[] = [];
  const actions: TransactItem[] = [];
  return {
    add(kind: K, action: TransactItem) {
      kinds.push(kind);
      actions.push(action);
    },
    async write(): Promise<'written' | TransactRefusal<K>> {
      try {
        await db().send(new TransactWriteCommand({ TransactItems: actions }));
        return 'written';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failedAt = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [kinds[i]!] : []));
        const conflict = reasons.some((r) => r.Code === 'TransactionConflict');
        if (failedAt.length === 0 && !conflict) throw error;
        return { failed: new Set(failedAt), first: failedAt[0], conflict };
      }
    },
  };
}
