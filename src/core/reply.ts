/**
 * The Reply model: the seam between the platform-free core and the adapters.
 * Commands and action handlers return a Reply; each adapter renders it purely
 * (Discord: embeds + components; Slack: Block Kit; console: plain text with
 * numbered buttons). Renderers enforce their platform's limits.
 *
 * Card bodies use a small markdown subset: **bold**, _italic_, `code`, lines
 * starting with "- " or "• " as bullets, blank lines between paragraphs, and
 * mentions written as <@USERID>. Nothing else.
 */

export type Visibility = 'public' | 'private';
export type Accent = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'swe' | 'ai';

export interface Field {
  label: string;
  value: string;
  /** Render side by side with neighbouring inline fields where the platform allows. */
  inline?: boolean;
}

export interface Card {
  title?: string;
  body?: string;
  fields?: Field[];
  footer?: string;
  accent?: Accent;
}

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

export interface Button {
  kind: 'button';
  /** Compact action id, parsed by parseActionId (≤ 100 chars). */
  id: string;
  label: string;
  style?: ButtonStyle;
}

export interface SelectMenu {
  kind: 'select';
  /** Action id prefix; the chosen option's value is appended as the last segment. */
  id: string;
  placeholder: string;
  options: { label: string; value: string; description?: string }[];
}

export type Action = Button | SelectMenu;

/** One text input of a form (Discord modal text input, Slack plain_text_input, console prompt). */
export interface FormField {
  /** Key of the value in the submission (`[a-z0-9_]`, ≤ 40 chars). */
  id: string;
  label: string;
  placeholder?: string;
  /** Several lines (Discord paragraph style, Slack multiline, console: until a line with a lone "."). */
  multiline?: boolean;
  required?: boolean;
  minLength?: number;
  maxLength: number;
  /** Pre-filled value. */
  value?: string;
}

/**
 * A form the user fills in before the bot answers: only in answer to a command
 * or a button click (Discord needs the interaction, Slack its trigger_id).
 * On submit the adapter calls `bot.runSubmit(form.id, values, scope)`, which
 * routes `id` like a button's action id with the values in `ctx.form`.
 */
export interface Form {
  /** Action id run on submit (≤ 100 chars, see parseActionId). */
  id: string;
  /** ≤ 24 characters (Slack's modal title limit; Discord allows 45). */
  title: string;
  /** 1..5 fields. */
  fields: FormField[];
  /** Submit button label (Slack; ≤ 24 chars). */
  submit?: string;
}

export interface Reply {
  visibility: Visibility;
  /** Short plain text: the notification fallback, and the whole message when there are no cards. */
  text: string;
  /**
   * A line shown above the cards on every platform (Discord: message content;
   * Slack: the first section; console: the first line), for what a card does
   * not say by itself: "Updated #eng: time 09:00 → 10:00". Markdown subset.
   */
  lead?: string;
  cards: Card[];
  /** Rows of actions (≤ 5 rows of ≤ 5 buttons, or one select per row). */
  actions: Action[][];
  /**
   * For replies to a button click: 'update' edits the message the button is on
   * (only meaningful for public messages); 'new' (default) answers separately.
   */
  mode?: 'new' | 'update';
  /** Ask the adapter to open a discussion thread under the posted message, where it can. */
  thread?: { name: string };
  /**
   * The action id that shows this same content again (e.g. `skill:show:rag`).
   * On a private reply of a shareable command, the core adds a "Post to
   * channel" button that runs it publicly, however the reply was reached.
   */
  share?: string;
  /**
   * A problem, refusal or question back to the user rather than an answer:
   * always private (even with `public:true`), never shared, and counted as a
   * failure by the piped console.
   */
  error?: boolean;
  /**
   * Open this form instead of posting a message (the rest of the reply is the
   * fallback where a form cannot be opened: shown privately with the text).
   */
  form?: Form;
}

export function reply(partial: Partial<Reply> & Pick<Reply, 'text'>): Reply {
  return { visibility: 'private', cards: [], actions: [], ...partial };
}

/**
 * A friendly, private error: what was wrong (one line), then one working example
 * and where to read more, e.g. "Try `/salary ai senior` · see /help salary".
 */
export function errorReply(problem: string, example?: string, extra?: string, more?: string): Reply {
  const lines = [problem];
  if (extra) lines.push(extra);
  const tail = [example ? `Try \`${example}\`` : '', more ?? ''].filter(Boolean).join(' · ');
  if (tail) lines.push(tail);
  return {
    visibility: 'private',
    text: problem,
    cards: [{ title: 'Hmm, that did not work', body: lines.join('\n'), accent: 'warning' }],
    actions: [],
    error: true,
  };
}

/**
 * The reply without its form, shown privately as a new message: what an adapter sends
 * where the form cannot be opened (an interaction already answered, a form that does not render).
 */
export function withoutForm(reply: Reply): Reply {
  const { form: _form, ...rest } = reply;
  return { ...rest, visibility: 'private', mode: 'new' };
}
