/**
 * Discord's limits as the fake enforces them, written down literally from the
 * documentation (see ../shared/PLATFORMS.md, section A, and the Discord docs
 * files named there). Deliberately NOT imported from src/core/limits.ts: a
 * wrong number in the bot's own table must be caught here, not agreed with.
 */
export const DISCORD_DOCS = {
  // resources/message.mdx: Create Message, "Embed Limits"
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
  // components/reference.mdx
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectOptionDescription: 100,
  selectPlaceholder: 150,
  // interactions/receiving-and-responding.mdx (autocomplete) and application-commands.mdx
  autocompleteChoices: 25,
  commandDescription: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandTotal: 8000,
  commandNamePattern: /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u,
  // interactions/receiving-and-responding.mdx, "Modal" callback data: title max 45, custom_id max 100,
  // between 1 and 5 components; components/reference.mdx, "Text Input": label max 45, placeholder max 100,
  // min_length 0-4000, max_length 1-4000, value max 4000; style 1 (short) or 2 (paragraph).
  modalTitle: 45,
  modalCustomId: 100,
  modalComponents: 5,
  textInputLabel: 45,
  textInputPlaceholder: 100,
  textInputMinLength: 4000,
  textInputMaxLength: 4000,
  textInputValue: 4000,
} as const;
