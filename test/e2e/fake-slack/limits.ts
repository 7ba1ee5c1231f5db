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
