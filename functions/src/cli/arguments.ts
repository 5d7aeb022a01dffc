// Command-line options through node:util parseArgs, with its English errors turned into Russian values.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { AcademicYearSchema } from "../contract/academic-year.js";
import { type CliStreams, EXIT } from "./cli-io.js";
import { USAGE } from "./usage.js";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** What parseArgs gives for each declared option: a string, a boolean, or nothing when absent. */
export type OptionValues<O extends OptionsConfig> = {
  [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string;
};

export type ArgumentsOutcome<T> = { success: true; values: T } | { success: false; message: string };

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
    return { success: true, values: values as OptionValues<O> };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    switch (code) {
      case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
        return { success: false, message: `неизвестный параметр «${quoted(message)}»` };
      case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
        return {
          success: false,
          message: `у параметра «${quoted(message).split(" ")[0]}» не указано значение`,
        };
      case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
        return { success: false, message: `лишний аргумент «${quoted(message)}»` };
      default:
        return { success: false, message };
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
  if (raw === undefined) return { success: true, values: fallback };
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    return { success: false, message: `--${name}: «${raw}» — нужно целое число от ${min} до ${max}` };
  }
  return { success: true, values: value };
}

/** An academic year like `2025/2026`, checked by the contract's own rule. */
export function academicYearOption(
  name: string,
  raw: string | undefined,
): ArgumentsOutcome<string | undefined> {
  if (raw === undefined) return { success: true, values: undefined };
  const parsed = AcademicYearSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      success: false,
      message: `--${name}: ${parsed.error.issues[0]?.message ?? "неверный учебный год"}`,
    };
  }
  return { success: true, values: raw };
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
): { success: true; values: OptionValues<O> } | { success: false; exitCode: number } {
  const parsed = parseOptions(args, options);
  if (!parsed.success) return { success: false, exitCode: usageError(io, command, parsed.message) };
  if (parsed.values.help === true) {
    io.stdout.write(USAGE);
    return { success: false, exitCode: EXIT.ok };
  }
  return { success: true, values: parsed.values };
}
