/**
 * `entwine import FILE [--share NAME]`: a file's fixes into this person's vault, streamed (the file is read in
 * pieces and fed to its format's parser; never held whole), with the file's own times. A fix the vault already
 * keeps is a duplicate and not added again, so a rerun imports nothing twice. Prints what was read, kept,
 * added, found twice and rejected (by reason), and where the file broke if it did (everything before is kept).
 * `--share NAME`: the imported days are sealed for NAME too, at their trail level, within their retention.
 */
import { createReadStream } from 'node:fs';
import type { ImportResult } from '@entwine/client';
import { dayToIso, IMPORT_FORMATS, importFormatFor } from '@entwine/core';
import { type CommandContext, UsageError } from '../context.ts';

export function describeImport(file: string, r: ImportResult, share: string | undefined): string[] {
  const lines = [
    `Read ${r.report.read} point${r.report.read === 1 ? '' : 's'} from ${file} (${r.report.format}): ${r.report.kept} kept, ${r.added} new to your trail, ${r.duplicates} already in it.`,
  ];
  const rejected = Object.entries(r.report.rejected).filter(([, n]) => n > 0);
  if (rejected.length > 0) lines.push(`Rejected: ${rejected.map(([why, n]) => `${n} ${why}`).join(', ')}.`);
  if (r.report.fault) {
    const f = r.report.fault;
    lines.push(
      `The file breaks at character ${f.offset} (line ${f.line}, column ${f.column}): ${f.message}. Everything before it was imported.`,
    );
  }
  if (r.days.length > 0) {
    const span = r.days.length === 1 ? dayToIso(r.days[0] ?? 0) : `${dayToIso(r.days[0] ?? 0)} to ${dayToIso(r.days.at(-1) ?? 0)}`;
    lines.push(
      `Sealed ${r.chunks} chunk${r.chunks === 1 ? '' : 's'} for ${r.days.length} day${r.days.length === 1 ? '' : 's'} (${span}) into your vault${share ? ` and for ${share}` : ''}.`,
    );
  }
  if (r.outsideRetention > 0)
    lines.push(
      `${r.outsideRetention} day${r.outsideRetention === 1 ? ' is' : 's are'} outside the retention you set for ${share}: not shared.`,
    );
  return lines;
}

export async function importFile(ctx: CommandContext, file: string | undefined, opts: { share?: string }) {
  if (!file) throw new UsageError('import needs a FILE (e.g. a .gpx track)');
  const format = importFormatFor(file);
  if (!format) {
    throw new UsageError(`entwine imports ${IMPORT_FORMATS.flatMap((f) => f.extensions).join(', ')} files; ${file} is none of them`);
  }
  const device = await ctx.device();
  const text = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 }) as AsyncIterable<string>;
  const result = await device.importFixes(text, format.parser(), opts.share === undefined ? {} : { share: opts.share });
  for (const line of describeImport(file, result, opts.share)) ctx.out(line);
  device.close();
  await device.flushed();
}
