/** Human labels for enum values, shared by every command and renderer. */
import type { Topic, LevelId } from './guide/model.js';

export const TOPIC_LABELS: Record<Topic, string> = {
  'llm-basics': 'LLM basics',
  rag: 'RAG and retrieval',
  embeddings: 'Vector databases and embeddings',
  prompting: 'Prompt engineering',
  agents: 'Agents and tool use',
  evaluation: 'LLM evaluation',
  guardrails: 'Hallucinations and guardrails',
  cost: 'Token economics and cost',
  llmops: 'LLMOps and monitoring',
  'ai-system-design': 'System design for AI',
  'swe-fundamentals': 'Software-engineering fundamentals',
  career: 'Career and the guide',
};

export const TOPIC_ALIASES: Partial<Record<Topic, string[]>> = {
  'llm-basics': ['llm', 'basics', 'fundamentals', 'tokens'],
  rag: ['retrieval', 'search'],
  embeddings: ['vector', 'vectors', 'vector db', 'vector databases', 'embedding'],
  prompting: ['prompt', 'prompts', 'prompt engineering'],
  agents: ['agent', 'tools', 'tool use'],
  evaluation: ['eval', 'evals'],
  guardrails: ['hallucination', 'hallucinations', 'safety', 'guardrail'],
  cost: ['tokens cost', 'token economics', 'costs', 'economics'],
  llmops: ['ops', 'monitoring', 'mlops'],
  'ai-system-design': ['system design', 'design', 'architecture'],
  'swe-fundamentals': ['swe', 'fundamentals swe', 'software', 'backend'],
  career: ['behavioural', 'behavioral', 'guide', 'transition'],
};

export function topicLabel(t: string): string {
  return TOPIC_LABELS[t as Topic] ?? t;
}

export const LEVEL_LABELS: Record<LevelId, string> = { junior: 'Junior', mid: 'Mid-level', senior: 'Senior', staff: 'Staff' };
export function levelLabel(l: string): string {
  return LEVEL_LABELS[l as LevelId] ?? l;
}

/** A quiz option's letter by display index (0 = A), in channel quizzes and practice alike. */
export const LETTERS = ['A', 'B', 'C', 'D'] as const;
