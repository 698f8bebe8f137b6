/** What every command is handed: the engine and the clock, so commands stay thin adapters. */
import type { AnswerEngine } from '../engine/answer-engine.ts';
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  SlashCommandOptionsOnlyBuilder,
} from 'discord.js';
import type { Responder } from './responder.ts';
import type { ButtonAction } from '../discord/custom-ids.ts';
import type { FeedbackStore } from '../feedback/store.ts';

export interface BotContext {
  engine: AnswerEngine;
  /** Today, for the timeline; tests fix it. */
  now: () => Date;
  /** Extra work time before answering, for fault-injection tests of the deferred path (BOT_TEST_DELAY_MS). */
  workDelayMs?: number;
  /** Where asks and votes are recorded; absent: no feedback buttons, nothing recorded. */
  feedback?: FeedbackStore;
  /** One log line (token already redacted). */
  log?: (line: string) => void;
  /** Defer a slash command still unanswered after this long (default 2.5 s: Discord allows 3 s). */
  deferAfterMs?: number;
}

export interface Command {
  data: SlashCommandOptionsOnlyBuilder;
  /** Answers through `respond`, which replies or, when the work ran long and it deferred, edits. */
  execute: (interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder) => Promise<void>;
  autocomplete?: (interaction: AutocompleteInteraction, ctx: BotContext) => Promise<void>;
  /**
   * Button handlers by the kind of action the button stands for. The interaction handler parses the
   * custom id once (src/discord/custom-ids.ts) and hands the handler the typed action.
   */
  buttons?: ButtonHandlers;
}

/** A handler for each kind of button action a command answers. */
export type ButtonHandlers = {
  [K in ButtonAction['kind']]?: (interaction: ButtonInteraction, ctx: BotContext, action: Extract<ButtonAction, { kind: K }>) => Promise<void>;
};
