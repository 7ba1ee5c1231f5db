/**
 * What Slack sends to an app: slash-command fields and block_actions payloads,
 * with exactly the fields listed in ../shared/PLATFORMS.md (bolt
 * src/types/command/index.ts and src/types/actions/block-action.ts).
 */

export interface SlackUserRef { id: string; name: string }
export interface SlackChannelRef { id: string; name: string }

export interface Workspace {
  teamId: string;
  teamDomain: string;
  appId: string;
  /** Enterprise Grid org of the team. */
  enterpriseId?: string;
  /** The app is installed org-wide (payloads say is_enterprise_install). */
  orgWide?: boolean;
}

export interface CommandArgs {
  command: string;
  text?: string;
  user: SlackUserRef;
  channel: SlackChannelRef;
  responseUrl: string;
  triggerId?: string;
}

let triggerSeq = 0;
export const nextTrigger = (): string => `${1000 + ++triggerSeq}.1234567890.abcdef${triggerSeq}`;

/** Slash command fields, in the order Slack sends them (all strings: it is a form). */
export function slashCommandFields(ws: Workspace, a: CommandArgs): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: ws.teamId,
    team_domain: ws.teamDomain,
    channel_id: a.channel.id,
    channel_name: a.channel.name,
    user_id: a.user.id,
    user_name: a.user.name,
    ...(ws.enterpriseId ? { enterprise_id: ws.enterpriseId, enterprise_name: `Org ${ws.enterpriseId}` } : {}),
    command: a.command.startsWith('/') ? a.command : `/${a.command}`,
    text: a.text ?? '',
    api_app_id: ws.appId,
    is_enterprise_install: String(ws.orgWide === true),
    response_url: a.responseUrl,
    trigger_id: a.triggerId ?? nextTrigger(),
  };
}

export interface ClickedElement {
  type: 'button' | 'static_select';
  action_id: string;
  block_id: string;
  /** Button value. */
  value?: string;
  /** Button label. */
  text?: string;
  /** For a static_select: the option chosen. */
  selected?: { text: string; value: string };
}

export interface ActionArgs {
  user: SlackUserRef;
  channel: SlackChannelRef;
  /** The message the element is on (as Slack stored it). */
  message: { ts: string; text: string; blocks: unknown[] };
  isEphemeral?: boolean;
  element: ClickedElement;
  responseUrl: string;
}

/** A block_actions payload (the JSON inside the `payload=` form field). */
export function blockActionsPayload(ws: Workspace, a: ActionArgs): Record<string, unknown> {
  const actionTs = `${Math.floor(Date.now() / 1000)}.${String(Date.now() % 1000).padStart(6, '0')}`;
  const action: Record<string, unknown> = {
    type: a.element.type,
    action_id: a.element.action_id,
    block_id: a.element.block_id,
    action_ts: actionTs,
  };
  if (a.element.type === 'button') {
    action.value = a.element.value;
    action.text = { type: 'plain_text', text: a.element.text ?? '', emoji: true };
  } else if (a.element.selected) {
    action.selected_option = {
      text: { type: 'plain_text', text: a.element.selected.text, emoji: true },
      value: a.element.selected.value,
    };
  }
  return {
    type: 'block_actions',
    team: { id: ws.teamId, domain: ws.teamDomain, ...(ws.enterpriseId ? { enterprise_id: ws.enterpriseId } : {}) },
    enterprise: ws.enterpriseId ? { id: ws.enterpriseId, name: `Org ${ws.enterpriseId}` } : null,
    is_enterprise_install: ws.orgWide === true,
    user: { id: a.user.id, username: a.user.name, name: a.user.name, team_id: ws.teamId },
    api_app_id: ws.appId,
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: a.message.ts,
      channel_id: a.channel.id,
      is_ephemeral: a.isEphemeral ?? false,
    },
    trigger_id: nextTrigger(),
    channel: { id: a.channel.id, name: a.channel.name },
    message: { type: 'message', ts: a.message.ts, text: a.message.text, blocks: a.message.blocks },
    state: { values: {} },
    response_url: a.responseUrl,
    actions: [action],
  };
}

/** Every interactive element of a message, with a block_id as Slack would assign one. */
export function interactiveElements(blocks: unknown[]): ClickedElement[] {
  const out: ClickedElement[] = [];
  blocks.forEach((b, bi) => {
    const block = b as { type?: string; block_id?: string; elements?: unknown[] };
    if (block.type !== 'actions' || !Array.isArray(block.elements)) return;
    const blockId = block.block_id ?? `blk${bi}`;
    for (const e of block.elements) {
      const el = e as { type: string; action_id: string; value?: string; text?: { text: string } };
      if (el.type === 'button') {
        out.push({ type: 'button', action_id: el.action_id, block_id: blockId, value: el.value, text: el.text?.text });
      } else if (el.type === 'static_select') {
        out.push({ type: 'static_select', action_id: el.action_id, block_id: blockId });
      }
    }
  });
  return out;
}

/** A modal as the fake keeps it once views.open accepted it. */
export interface OpenedView {
  id: string;
  hash: string;
  teamId: string;
  userId: string;
  view: Record<string, unknown>;
}

/**
 * A view_submission payload (bolt src/types/view/index.ts, ViewSubmitAction):
 * the modal with its state.values[block_id][action_id] = {type, value}.
 */
export function viewSubmissionPayload(ws: Workspace, a: { user: SlackUserRef; opened: OpenedView; values: Record<string, string | null>; triggerId: string }): Record<string, unknown> {
  const values: Record<string, Record<string, { type: string; value: string | null }>> = {};
  for (const b of (a.opened.view.blocks as { type?: string; block_id?: string; element?: { action_id?: string; type?: string } }[]) ?? []) {
    if (b.type !== 'input' || !b.block_id || !b.element?.action_id) continue;
    values[b.block_id] = { [b.element.action_id]: { type: b.element.type ?? 'plain_text_input', value: a.values[b.element.action_id] ?? null } };
  }
  return {
    type: 'view_submission',
    team: { id: ws.teamId, domain: ws.teamDomain, ...(ws.enterpriseId ? { enterprise_id: ws.enterpriseId } : {}) },
    enterprise: ws.enterpriseId ? { id: ws.enterpriseId, name: `Org ${ws.enterpriseId}` } : null,
    is_enterprise_install: ws.orgWide === true,
    user: { id: a.user.id, username: a.user.name, name: a.user.name, team_id: ws.teamId },
    api_app_id: ws.appId,
    token: 'deprecated-verification-token',
    trigger_id: a.triggerId,
    view: {
      id: a.opened.id,
      team_id: ws.teamId,
      app_id: ws.appId,
      app_installed_team_id: ws.teamId,
      bot_id: 'B0BOT0001',
      root_view_id: a.opened.id,
      previous_view_id: null,
      external_id: '',
      hash: a.opened.hash,
      clear_on_close: false,
      notify_on_close: false,
      private_metadata: '',
      callback_id: '',
      ...a.opened.view,
      state: { values },
    },
    response_urls: [],
  };
}

/** A block_actions payload for a button on a user's Home tab (container type view, no channel, no response_url). */
export function homeActionPayload(ws: Workspace, a: { user: SlackUserRef; viewId: string; blocks: unknown[]; element: ClickedElement; triggerId: string }): Record<string, unknown> {
  const action: Record<string, unknown> = { type: 'button', action_id: a.element.action_id, block_id: a.element.block_id, value: a.element.value, text: { type: 'plain_text', text: a.element.text ?? '', emoji: true }, action_ts: `${Math.floor(Date.now() / 1000)}.000100` };
  return {
    type: 'block_actions',
    team: { id: ws.teamId, domain: ws.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    user: { id: a.user.id, username: a.user.name, name: a.user.name, team_id: ws.teamId },
    api_app_id: ws.appId,
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: a.viewId },
    trigger_id: a.triggerId,
    view: { id: a.viewId, team_id: ws.teamId, type: 'home', blocks: a.blocks, private_metadata: '', callback_id: '', state: { values: {} }, hash: `h${a.viewId}`, app_id: ws.appId, bot_id: 'B0BOT0001' },
    actions: [action],
  };
}
