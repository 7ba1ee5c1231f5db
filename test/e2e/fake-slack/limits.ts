/**
 * Slack's Block Kit and message limits as the fake enforces them, written down
 * literally from the documentation (docs.slack.dev/reference/block-kit and the
 * @slack/types block-kit files named in ../shared/PLATFORMS.md, section B).
 * Deliberately NOT imported from src/core/limits.ts: a wrong number in the bot's
 * own table must be caught here, not agreed with.
 */
export const SLACK_DOCS = {
  blocks: 50, // per message
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000, // a text object's maximum
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  actionsElements: 25,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  messageText: 40000, // chat.postMessage truncates text beyond this
  // App manifest, features.slash_commands (docs.slack.dev/reference/app-manifest)
  commandName: 32,
  commandDescription: 2000,
  usageHint: 1000,
} as const;

/**
 * Views (modals and the App Home tab), literally from docs.slack.dev:
 * reference/views/modal-views (title, submit, close ≤ 24; ≤ 100 blocks;
 * private_metadata ≤ 3000; callback_id ≤ 255), reference/views/home-tab-views
 * (≤ 100 blocks), reference/block-kit/blocks/input-block (label ≤ 2000, hint ≤ 2000),
 * reference/block-kit/block-elements/plain-text-input-element (min_length and
 * max_length ≤ 3000; placeholder ≤ 150).
 */
export const SLACK_VIEW_DOCS = {
  title: 24,
  submit: 24,
  close: 24,
  blocks: 100,
  privateMetadata: 3000,
  callbackId: 255,
  inputLabel: 2000,
  inputHint: 2000,
  inputMinLength: 3000,
  inputMaxLength: 3000,
  inputPlaceholder: 150,
  /** A trigger_id is valid this long (docs.slack.dev/interactivity: "expires in 3 seconds"). */
  triggerMs: 3000,
} as const;
