// Command-line options through node:util parseArgs, with its English errors turned into Russian values.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { AcademicYearSchema } from "../contract/academic-year.js";
import type { Result } from "../contract/result.js";
import { type CliStreams, EXIT } from "./cli-io.js";
import { USAGE } from "./usage.js";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** What parseArgs gives for each declared option: a string, a boolean, or nothing when absent. */
export type OptionValues<O extends OptionsConfig> = {
  [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string;
};

/** An option's value, or why it is not one: a Russian message for `usageError` (exit 1). */
export type ArgumentsOutcome<T> = Result<T, { code: "usage"; message: string }>;

/** A usage failure: `message` is printed with the usage, exit 1. */
export function usage(message: string): { success: false; error: { code: "usage"; message: string } } {
  return { success: false, error: { code: "usage", message } };
}

/** The quoted name in a parseArgs message: `Unknown option '--foo'` → `--foo`. */
function quoted(message: string): string {
  return /'([^']+)'/.exec(message)?.[1] ?? message;
}

/**
 * Parses `args` strictly against `options` (no positionals). An unknown option, a missing value or a stray
 * argument becomes a Russian message instead of an exception.
 */
export function parseOptions<const O extends OptionsConfig>(
  args: readonly string[],
  options: O,
): ArgumentsOutcome<OptionValues<O>> {
  try {
    const { values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
    return { success: true, data: values as OptionValues<O> };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    switch (code) {
      case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
        return usage(`неизвестный параметр «${quoted(message)}»`);
      case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
        return usage(`у параметра «${quoted(message).split(" ")[0]}» не указано значение`);
      case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
        return usage(`лишний аргумент «${quoted(message)}»`);
      default:
        return usage(message);
    }
  }
}

/** A whole number within bounds, or a Russian message naming the option. */
export function integerOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): ArgumentsOutcome<number> {
  if (raw === undefined) return { success: true, data: fallback };
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    return usage(`--${name}: «${raw}» — нужно целое число от ${min} до ${max}`);
  }
  return { success: true, data: value };
}

/** An academic year like `2025/2026`, checked by the contract's own rule. */
export function academicYearOption(
  name: string,
  raw: string | undefined,
): ArgumentsOutcome<string | undefined> {
  if (raw === undefined) return { success: true, data: undefined };
  const parsed = AcademicYearSchema.safeParse(raw);
  if (!parsed.success) {
    return usage(`--${name}: ${parsed.error.issues[0]?.message ?? "неверный учебный год"}`);
  }
  return { success: true, data: raw };
}

/** Prints `shnor <command>: <message>` and the usage to stderr; returns the usage exit code. */
export function usageError(io: CliStreams, command: string, message: string): number {
  io.stderr.write(`shnor ${command}: ${message}\n\n${USAGE}`);
  return EXIT.usage;
}

/**
 * A command's options, the way every command starts: parsed strictly, `--help` answered with the usage on
 * stdout (exit 0), a bad option answered with the message and the usage on stderr (exit 1).
 */
export function parseCommandOptions<const O extends OptionsConfig>(
  command: string,
  args: readonly string[],
  options: O,
  io: CliStreams,
): Result<OptionValues<O>, { exitCode: number }> {
  const parsed = parseOptions(args, options);
  if (!parsed.success)
    return { success: false, error: { exitCode: usageError(io, command, parsed.error.message) } };
  if (parsed.data.help === true) {
    io.stdout.write(USAGE);
    return { success: false, error: { exitCode: EXIT.ok } };
  }
  return { success: true, data: parsed.data };
}
