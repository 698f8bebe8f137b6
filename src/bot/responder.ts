/**
 * Answers a slash command exactly once, in time. Discord drops an interaction that is not acknowledged
 * within 3 s of its creation; when the work is still running `deferAfterMs` after Discord created the
 * interaction (its snowflake time, not when it reached the bot: under load it may arrive late), the responder
 * defers ("thinking…") and the answer arrives as an edit. Commands call `send` and never need to know which
 * path was taken.
 */
import { MessageFlags, type ChatInputCommandInteraction, type InteractionEditReplyOptions, type InteractionReplyOptions } from 'discord.js';

/** Discord allows 3 s from the interaction's creation; deferring at 2.5 s leaves room for the network. */
export const DEFER_AFTER_MS = 2_500;

export class Responder {
  private acknowledged?: Promise<unknown>;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly interaction: ChatInputCommandInteraction,
    deferAfterMs: number = DEFER_AFTER_MS,
  ) {
    const due = Math.max(0, interaction.createdTimestamp + deferAfterMs - Date.now());
    this.timer = setTimeout(() => void this.defer().catch(() => undefined), due);
    this.timer.unref();
  }

  /** Acknowledges now ("thinking…"); the answer will be an edit. Safe to call more than once. */
  defer(): Promise<unknown> {
    clearTimeout(this.timer);
    this.acknowledged ??= this.interaction.deferReply();
    return this.acknowledged;
  }

  /** The answer: a reply, or an edit of the deferred reply. Ephemeral answers after a deferral go as a follow-up. */
  async send(payload: InteractionReplyOptions & { ephemeral?: boolean }): Promise<void> {
    clearTimeout(this.timer);
    const { ephemeral, ...rest } = payload;
    if (!this.acknowledged) {
      this.acknowledged = this.interaction.reply({ ...rest, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) } as InteractionReplyOptions);
      await this.acknowledged;
      return;
    }
    await this.acknowledged;
    if (ephemeral) {
      await this.interaction.followUp({ ...rest, flags: MessageFlags.Ephemeral } as InteractionReplyOptions);
      await this.interaction.deleteReply().catch(() => undefined);
    } else {
      await this.interaction.editReply(rest as InteractionEditReplyOptions);
    }
  }

  /** Stops the deferral timer (the handler calls this when the command has finished, whatever happened). */
  dispose(): void {
    clearTimeout(this.timer);
  }
}
