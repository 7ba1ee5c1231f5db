export { FakeSlack, type FakeUser, type StoredMessage, type ApiCall, type ResponsePost, type Fault, type FakeSlackOptions } from './server.js';
export { validateMessage } from './validate.js';
export { signSlackRequest, nowSec } from './signing.js';
export { slashCommandFields, blockActionsPayload, interactiveElements, type ClickedElement, type Workspace } from './payloads.js';
