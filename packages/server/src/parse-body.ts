/**
 * The one way a request body becomes typed: a core zod schema, and on failure an EntwineError whose
 * detail names the first offending field (never its value, which may be a secret).
 */
import { EntwineError } from '@entwine/core';

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}
interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } };
}

export function parseBody<T>(schema: Schema<T>, value: unknown, label = 'body'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? `${label}.${issue.path.map(String).join('.')}` : label;
  throw new EntwineError('ENTWINE_ERR_REQ_MALFORMED', `${field}: ${issue?.message ?? 'invalid'}`);
}
