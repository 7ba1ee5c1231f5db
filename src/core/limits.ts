/**
 * Platform limits as data (see ../shared/DESIGN.md and ../shared/PLATFORMS.md).
 * Renderers truncate to these; tests and fakes check payloads against them.
 * Plain data: importing it pulls in no SDK.
 */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectOptionDescription: 100,
  selectPlaceholder: 150,
  autocompleteChoices: 25,
  commandName: 32,
  commandDescription: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  /** max_length of a string option. */
  stringOptionLength: 6000,
  commandTotal: 8000,
  commandNamePattern: /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u,
} as const;

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  actionsElements: 25,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  messageText: 40000,
  commandName: 32,
  commandDescription: 2000,
  usageHint: 1000,
} as const;

/** Action ids must fit the stricter platform: Discord's custom_id. */
export const ACTION_ID_MAX = DISCORD_LIMITS.customId;

/** Where guide content is shown, the tightest limit across platforms. */
export const SHOWN = {
  cardTitle: Math.min(DISCORD_LIMITS.embedTitle, SLACK_LIMITS.headerText),
  cardBody: Math.min(DISCORD_LIMITS.embedDescription, SLACK_LIMITS.sectionText),
  fieldValue: Math.min(DISCORD_LIMITS.fieldValue, SLACK_LIMITS.sectionFieldText),
  buttonLabel: Math.min(DISCORD_LIMITS.buttonLabel, SLACK_LIMITS.buttonText),
  choiceName: DISCORD_LIMITS.choiceName,
} as const;

/** Cut a text to `max` characters with an ellipsis; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut + '…';
}
