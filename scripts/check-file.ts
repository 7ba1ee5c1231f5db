/** Checks one data file against its schema: `npx tsx scripts/check-file.ts quiz data/quiz/rag.yaml`. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as S from '../src/core/guide/schema.js';

const schemas = {
  roles: S.RolesFile, salaries: S.SalariesFile, skills: S.SkillsFile, glossary: S.GlossaryFile,
  tracks: S.TracksFile, roadmap: S.RoadmapFile, 'day-in-life': S.DayInLifeFile, faq: S.FaqFile,
  interview: S.InterviewFile, quiz: S.QuizFile,
} as const;
const [kind, file] = process.argv.slice(2) as [keyof typeof schemas, string];
const schema = schemas[kind];
if (!schema || !file) { console.error(`usage: check-file <${Object.keys(schemas).join('|')}> <file>`); process.exit(2); }
const res = schema.safeParse(parse(readFileSync(file, 'utf8')));
if (res.success) { console.log(`${file}: ok`); } else {
  for (const i of res.error.issues) console.error(`${file}: ${i.path.join('.')}: ${i.message}`);
  process.exit(1);
}
