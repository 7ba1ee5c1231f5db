/** Topic and level choices shared by /interview, /quiz and /daily. */
import type { Choice } from './command.js';
import { TOPIC_ALIASES, TOPIC_LABELS, LEVEL_LABELS } from './labels.js';
import type { Topic } from './guide/model.js';

export const TOPIC_CHOICES: Choice[] = (Object.keys(TOPIC_LABELS) as Topic[]).map((t) => ({
  name: TOPIC_LABELS[t],
  value: t,
  aliases: TOPIC_ALIASES[t] ?? [],
}));

export const LEVEL_CHOICES: Choice[] = Object.entries(LEVEL_LABELS).map(([value, name]) => ({
  name,
  value,
  aliases: value === 'mid' ? ['mid-level', 'intermediate'] : value === 'senior' ? ['sr'] : value === 'junior' ? ['jr', 'entry'] : ['principal'],
}));
