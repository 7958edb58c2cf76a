/**
 * `xenlu gen`: deterministic synthetic dumps from the verifier's arbitraries. The same version,
 * seed, profile and domain count always give the same bytes.
 */
import type { Command } from 'commander';
import { run } from '../command.js';
import { EXIT, type ExitCode, UsageError } from '../errors.js';
import { writeOutput } from '../io.js';
import { LATEST_VERSION, PROFILES, encode, isProfile, toJson } from '../lib.js';
import { type CommonOptions, addCommonOptions, example, parseInteger, parseVersion } from '../options.js';
import { stateDocument } from './state-document.js';

interface GenOptions extends CommonOptions {
  readonly version?: string;
  readonly seed?: string;
  readonly profile?: string;
  readonly domains?: string;
  readonly output?: string;
  readonly json?: boolean;
}

export function registerGen(program: Command): Command {
  const cmd = program
    .command('gen')
    .description('generate a valid synthetic dump, deterministically from a seed')
    .option('--version <version>', 'schema version', String(LATEST_VERSION))
    .option('--seed <n>', 'seed; the same seed gives the same bytes', '1')
    .option('--profile <profile>', `size profile: ${PROFILES.join(', ')}`, 'small')
    .option('--domains <k>', 'number of domains, dom0 included (default: the profile\u2019s)')
    .option('-o, --output <file>', 'write to a file, atomically (default: stdout, if not a terminal)')
    .option('--json', 'write the JSON form (as `decode` prints it) instead of the stream')
    .addHelpText('after', example('xenlu gen --version 3 --seed 7 --profile host -o host.xlu', 'xenlu gen --profile fragmented --domains 2 --json | jq .domains[1].p2m'));
  addCommonOptions(cmd);
  return cmd.action(
    run(async (c): Promise<ExitCode> => {
      const o = c.opts<GenOptions>();
      if (c.args.length > 0) throw new UsageError(`gen takes no arguments (got ${c.args.join(' ')})`);
      const version = parseVersion(o.version ?? String(LATEST_VERSION), '--version');
      const seed = parseInteger(o.seed ?? '1', '--seed', -0x8000_0000, 0x7fff_ffff);
      const profile = o.profile ?? 'small';
      if (!isProfile(profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}, not ${JSON.stringify(profile)}`);
      const domains = o.domains === undefined ? undefined : parseInteger(o.domains, '--domains', 1, 2000);
      const { generateState } = await import('../verifier-lib.js');
      const state = generateState(version, { seed, profile, ...(domains !== undefined ? { domains } : {}) });
      if (o.json) {
        await writeOutput(o.output, `${JSON.stringify(stateDocument(version, toJson(state, version)), null, 2)}\n`);
      } else {
        await writeOutput(o.output, encode(state, version), { binary: true });
      }
      return EXIT.ok;
    }),
  );
}
