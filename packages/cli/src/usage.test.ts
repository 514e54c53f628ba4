// `entwine --help` and `entwine COMMAND --help` say what the code does: every command the CLI runs has its
// usage and no usage names a command that does not exist; every option the parser takes is shown; the
// moods and glance kinds listed are the core's.
import { FACETS, GLANCES, MOODS } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { CLI_OPTIONS, COMMANDS, parseCommandLine } from './command-table.ts';
import { COMMAND_USAGE, commandUsage, fullUsage } from './usage.ts';

describe('CLI usage', () => {
  it('describes exactly the commands the CLI runs', () => {
    expect(Object.keys(COMMAND_USAGE).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it('shows every option the parser takes', () => {
    const text = fullUsage();
    for (const option of Object.keys(CLI_OPTIONS)) expect(text, `--${option}`).toContain(`--${option}`);
    expect(() => parseCommandLine(['--not-an-option'])).toThrow(); // strict: an option not listed is refused
  });

  it('names the moods, glance kinds and facets the core has', () => {
    expect(commandUsage('feel')).toContain(MOODS.join(', '));
    expect(commandUsage('glance')).toContain(GLANCES.join(', '));
    expect(commandUsage('shield')).toContain(FACETS.join(', '));
  });

  it('says that trail prints the stays and trips, in the table and in --json', () => {
    const trail = commandUsage('trail') ?? '';
    expect(trail).toMatch(/a table of\s+the stays/);
    expect(trail).toContain('--json: one JSON array,\n');
    expect(trail).toMatch(/with stays and trips/);
  });

  it('prints one command alone for COMMAND --help, and nothing for one that does not exist', () => {
    const accept = commandUsage('accept') ?? '';
    expect(accept).toMatch(/^usage: entwine accept LINK/);
    expect(accept).not.toContain('verify-web');
    expect(commandUsage('nope')).toBeUndefined();
  });
});
