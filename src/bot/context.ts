/** What every command is handed: the engine and the clock, so commands stay thin adapters. */
import type { AnswerEngine } from '../engine/answer-engine.ts';
import type { Lang } from '../render/labels.ts';
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  SlashCommandOptionsOnlyBuilder,
} from 'discord.js';

export interface BotContext {
  engine: AnswerEngine;
  /** Today, for the timeline; tests fix it. */
  now: () => Date;
  /** Extra delay before answering, for fault-injection tests of the deferred path (BOT_TEST_DELAY_MS). */
  workDelayMs?: number;
}

export interface Command {
  data: SlashCommandOptionsOnlyBuilder;
  execute: (interaction: ChatInputCommandInteraction, ctx: BotContext) => Promise<void>;
  autocomplete?: (interaction: AutocompleteInteraction, ctx: BotContext) => Promise<void>;
  /** Button handlers by custom-id prefix ("ctx", "more", "obs"). */
  buttons?: Record<string, (interaction: ButtonInteraction, ctx: BotContext, lang: Lang) => Promise<void>>;
}
