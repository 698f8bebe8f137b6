/**
 * Routes interactions to commands: slash commands to `execute`, autocomplete to `autocomplete`, buttons to
 * the command's `buttons` by the kind of action their custom id stands for (parsed here, once, into a typed
 * action). The one place that guards every handler: per-user cooldown, tampered ids, and errors, which become an ephemeral "something went wrong" and one log line.
 */
import { MessageFlags, type ButtonInteraction, type Interaction, type RepliableInteraction } from 'discord.js';
import { LABELS, langOf } from '../render/labels.ts';
import type { ButtonAction } from '../discord/custom-ids.ts';
import type { BotContext, ButtonHandlers, Command } from './context.ts';
import { Cooldown } from './cooldown.ts';
import { parseButton } from '../discord/custom-ids.ts';
import { Responder } from './responder.ts';
import { escapeUserText, NO_MENTIONS } from '../discord/safety.ts';
import { truncateChars } from '../text/strings.ts';

export interface HandlerOptions {
  log: (line: string) => void;
  cooldown?: Cooldown;
}

export function createInteractionHandler(commands: Map<string, Command>, ctx: BotContext, options: HandlerOptions) {
  const cooldown = options.cooldown ?? new Cooldown();
  const buttonRoutes: ButtonHandlers = {};
  for (const command of commands.values()) Object.assign(buttonRoutes, command.buttons);
  /** The handler for an action, typed by its kind (one lookup, so TypeScript cannot pair them wrongly). */
  const route = (action: ButtonAction) => buttonRoutes[action.kind] as ((i: ButtonInteraction, c: BotContext, a: ButtonAction) => Promise<void>) | undefined;

  return async function handleInteraction(interaction: Interaction): Promise<void> {
    const lang = langOf(interaction.locale);
    try {
      if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        await (command?.autocomplete ? command.autocomplete(interaction, ctx) : interaction.respond([]));
        return;
      }
      if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
      const wait = cooldown.take(interaction.user.id);
      if (wait > 0) {
        await notice(interaction, LABELS[lang].slowDown(wait));
        return;
      }
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) return notice(interaction, LABELS[lang].unknownCommand(escapeUserText(truncateChars(String(interaction.commandName), 40))));
        const respond = new Responder(interaction, ctx.deferAfterMs);
        try {
          await simulatedWork(ctx);
          await command.execute(interaction, ctx, respond);
        } finally {
          respond.dispose();
        }
        return;
      }
      await simulatedWork(ctx);
      const action = parseButton(interaction.customId, ctx.engine);
      const handle = action && route(action);
      if (!action || !handle) {
        options.log(`button rejected: ${JSON.stringify(String(interaction.customId).slice(0, 100))}`);
        await notice(interaction, LABELS[lang].buttonExpired);
        return;
      }
      await handle(interaction, ctx, action);
    } catch (error) {
      // Logging and the apology must not throw themselves: the interaction may be malformed in any field.
      try {
        options.log(`error handling ${describe(interaction)}: ${error instanceof Error ? error.message : String(error)}`);
        if (interaction.isRepliable()) await notice(interaction, LABELS[lang].error).catch(() => undefined);
      } catch {
        // Nothing more can be done for this interaction; the process keeps serving the others.
      }
    }
  };
}

/** An ephemeral one-line answer, whether or not the interaction was already acknowledged. */
async function notice(interaction: RepliableInteraction, text: string): Promise<void> {
  const payload = { content: text, allowedMentions: NO_MENTIONS };
  if (interaction.deferred) await interaction.editReply(payload);
  else if (interaction.replied) await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
  else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}

/** Fault-injection hook (BOT_TEST_DELAY_MS, tests only): work that takes this long before answering. */
function simulatedWork(ctx: BotContext): Promise<void> {
  return ctx.workDelayMs ? new Promise((r) => setTimeout(r, ctx.workDelayMs)) : Promise.resolve();
}

function describe(interaction: Interaction): string {
  try {
    if (interaction.isChatInputCommand() || interaction.isAutocomplete()) return `/${String(interaction.commandName).slice(0, 40)}`;
    if (interaction.isButton()) return `button ${String(interaction.customId).split(':')[0]!.slice(0, 40)}`;
    return `interaction type ${interaction.type}`;
  } catch {
    return 'a malformed interaction';
  }
}
