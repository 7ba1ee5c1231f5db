/**
 * The personal-practice part of the store contract (issue 15), on SQLite and a
 * real PostgreSQL: practice grades once per shown card or quiz round, card writes
 * never lose a concurrent grade, mock points are graded once, nudges are claimed
 * once per week and never while turned off, and a member's data is deleted whole.
 * Races use two store instances (two pools) on PostgreSQL; on SQLite the racers
 * share one connection, as in contract.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SqlStore } from '../../src/store/sql-store.js';
import type { CardUpdate, MemberKey, NudgeSetting, PracticeCard } from '../../src/store/store.js';
import { closeStores, stores, type Backend } from '../helpers/stores.js';

afterEach(closeStores);

const ada: MemberKey = { platform: 'slack', workspaceId: 'T1', userId: 'U1' };
const bob: MemberKey = { platform: 'slack', workspaceId: 'T1', userId: 'U2' };
/** A scheduler stand-in that counts reviews on top of the version it saw. */
const bump = (prev: PracticeCard | null): CardUpdate => ({ due: (prev?.due ?? 0) + 1, state: 2, reps: (prev?.reps ?? 0) + 1, lapses: 0, fsrs: '{}' });
const nudge = (over: Partial<NudgeSetting> = {}): NudgeSetting => ({ ...ada, id: 'slack:T1:U1', weekday: 'mon', time: '09:00', timezone: 'Europe/Berlin', enabled: true, disabledReason: null, updatedAt: 1, ...over });

describe.each<Backend>(['sqlite', 'postgres'])('personal practice store on %s', (backend) => {
  it('a shown practice card is graded once, by its owner only, even when clicked twice at once', async () => {
    const [a, b] = await stores(backend, 2);
    const id = await a!.showPractice({ ...ada, itemId: 'q-1', sourceKey: 'p:tok', optionOrder: [2, 0, 1], shownAt: 10 });
    expect(await a!.showPractice({ ...ada, itemId: 'q-1', sourceKey: 'p:tok', optionOrder: [2, 0, 1], shownAt: 11 })).toBe(id);
    const grade = { ...ada, itemId: 'q-1', correct: false, rating: 1, choice: 0, at: 20, reviewId: id };
    expect((await a!.gradePractice({ ...grade, userId: 'U2' }, bump)).graded).toBe(false);
    const results = await Promise.all([a!.gradePractice(grade, bump), b!.gradePractice({ ...grade, choice: 1, correct: true }, bump)]);
    expect(results.filter((r) => r.graded)).toHaveLength(1);
    const cards = await a!.practiceCards(ada);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ itemId: 'q-1', reps: 1, version: 1 });
    expect(await a!.practiceReviewCount(ada)).toBe(1);
    expect(await a!.practiceCards(bob)).toEqual([]);
  });

  it('a quiz answer feeds practice once per round; concurrent grades of one card are all kept (no lost update)', async () => {
    const [a, b] = await stores(backend, 2);
    const quiz = (round: string, s: SqlStore) => s.gradePractice({ ...ada, itemId: 'q-2', correct: true, rating: 3, choice: 0, at: 30, sourceKey: `quiz:${round}` }, bump);
    expect((await quiz('r1', a!)).graded).toBe(true);
    expect((await quiz('r1', b!)).graded).toBe(false);
    const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => quiz(`r${i + 2}`, i % 2 ? a! : b!)));
    expect(rs.every((r) => r.graded)).toBe(true);
    const card = (await a!.practiceCards(ada))[0]!;
    expect(card.reps).toBe(7);
    expect(card.version).toBe(7);
  });

  it('mock answers: one attempt per form token, its owner grades each point once, forget deletes them', async () => {
    const [a, b] = await stores(backend, 2);
    const att = { ...ada, id: 'abc123def456', questionId: 'iq-1', topic: 'rag', level: 'senior', answer: 'my answer', points: 3, createdAt: 100 };
    expect((await a!.saveMockAttempt(att)).stored).toBe(true);
    expect(await a!.saveMockAttempt({ ...att, answer: 'again' })).toMatchObject({ stored: false, attempt: { answer: 'my answer' } });
    expect((await a!.saveMockAttempt({ ...att, ...bob })).attempt).toBeNull();
    expect(await a!.gradeMockPoint(att.id, 'U2', 0, true, 101)).toBe(false);
    expect(await a!.gradeMockPoint(att.id, 'U1', 3, true, 101)).toBe(false);
    const both = await Promise.all([a!.gradeMockPoint(att.id, 'U1', 0, true, 101), b!.gradeMockPoint(att.id, 'U1', 0, false, 101)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    await a!.gradeMockPoint(att.id, 'U1', 1, false, 102);
    const first = (await a!.mockGrades(att.id)).get(0);
    const h = await a!.mockHistory(ada, 10);
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ graded: 2, covered: first ? 1 : 0 });
    expect(await a!.deleteMockAttempts(bob)).toBe(0);
    expect(await a!.deleteMockAttempts(ada)).toBe(1);
    expect(await a!.mockHistory(ada, 10)).toEqual([]);
    expect((await a!.mockGrades(att.id)).size).toBe(0);
  });

  it('plan items are marked done and undone once', async () => {
    const [s] = await stores(backend);
    expect(await s!.setPlanItem(ada, 'llm-apis', true, 5)).toBe(true);
    expect(await s!.setPlanItem(ada, 'llm-apis', true, 6)).toBe(false);
    expect([...(await s!.planItems(ada)).entries()]).toEqual([['llm-apis', 5]]);
    expect(await s!.setPlanItem(ada, 'llm-apis', false, 7)).toBe(true);
    expect(await s!.setPlanItem(ada, 'llm-apis', false, 7)).toBe(false);
  });

  it('nudge sends: one claim per week across processes, none while turned off, leased transitions', async () => {
    const [a, b] = await stores(backend, 2);
    await a!.putNudge(nudge());
    expect((await a!.listNudges(['slack'])).map((n) => n.id)).toEqual(['slack:T1:U1']);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a! : b!).claimNudgeSend('slack:T1:U1', '2026-W13', `p${i}`, 100, 1_000)));
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    const c = won[0]!;
    expect(await a!.reclaimNudgeSend(c.id, 'other', 500, 2_000)).toBeNull();
    expect(await a!.releaseNudgeSend(c.id, c.leaseOwner!, 1_500, 'timeout')).toBe(true);
    expect(await a!.reclaimNudgeSend(c.id, 'other', 1_000, 2_000)).toBeNull();
    const again = await a!.reclaimNudgeSend(c.id, 'other', 1_600, 3_000);
    expect(again).toMatchObject({ attempts: 2, leaseOwner: 'other' });
    expect(await a!.markNudgeSent(c.id, c.leaseOwner!, 'm1', 1_700)).toBe(false);
    expect(await a!.markNudgeSent(c.id, 'other', 'm1', 1_700)).toBe(true);
    expect(await a!.getNudgeSend('slack:T1:U1', '2026-W13')).toMatchObject({ status: 'sent', messageId: 'm1' });

    expect(await a!.disableNudge('slack:T1:U1', null, 2_000)).toBe(true);
    expect(await a!.disableNudge('slack:T1:U1', null, 2_000)).toBe(false);
    expect(await a!.listNudges(['slack'])).toEqual([]);
    expect(await a!.claimNudgeSend('slack:T1:U1', '2026-W14', 'p1', 3_000, 4_000)).toBeNull();
    await a!.putNudge(nudge({ updatedAt: 5_000 }));
    const w15 = await a!.claimNudgeSend('slack:T1:U1', '2026-W15', 'p1', 5_000, 6_000);
    expect(w15).not.toBeNull();
    // Turned off while a send is claimed and waiting for a retry: it is never taken up again.
    await a!.releaseNudgeSend(w15!.id, 'p1', 5_500, 'timeout');
    await a!.disableNudge('slack:T1:U1', 'dm closed', 5_200);
    expect(await a!.reclaimNudgeSend(w15!.id, 'p2', 7_000, 8_000)).toBeNull();
    expect((await a!.getNudge('slack:T1:U1'))!.disabledReason).toBe('dm closed');
  });

  it('pruning deletes practice reviews and finished nudge sends older than the horizon; review counts and this week\'s send stay', async () => {
    const [s] = await stores(backend);
    const old = await s!.showPractice({ ...ada, itemId: 'q-1', sourceKey: 'p:old', optionOrder: [0, 1, 2, 3], shownAt: 10 });
    expect((await s!.gradePractice({ ...ada, itemId: 'q-1', correct: false, rating: 1, choice: 0, at: 11, reviewId: old }, bump)).graded).toBe(true);
    await s!.showPractice({ ...ada, itemId: 'q-2', sourceKey: 'p:never-clicked', optionOrder: [0, 1, 2, 3], shownAt: 12 });
    const recent = await s!.showPractice({ ...ada, itemId: 'q-1', sourceKey: 'p:new', optionOrder: [0, 1, 2, 3], shownAt: 5_000 });
    await s!.putNudge(nudge());
    const w1 = (await s!.claimNudgeSend('slack:T1:U1', '2025-W01', 'p1', 20, 1_000))!;
    await s!.markNudgeSent(w1.id, 'p1', 'm1', 21);
    const w2 = (await s!.claimNudgeSend('slack:T1:U1', '2026-W20', 'p1', 6_000, 7_000))!;
    await s!.markNudgeSent(w2.id, 'p1', 'm2', 6_001);
    expect(await s!.prunePersonal(1_000)).toEqual({ practiceReviews: 2, nudgeSends: 1 });
    expect(await s!.practiceReviewCount(ada)).toBe(1);
    expect((await s!.gradePractice({ ...ada, itemId: 'q-1', correct: true, rating: 3, choice: 1, at: 5_001, reviewId: recent }, bump)).graded).toBe(true);
    expect(await s!.practiceReviewCount(ada)).toBe(2);
    expect(await s!.getNudgeSend('slack:T1:U1', '2025-W01')).toBeNull();
    expect(await s!.getNudgeSend('slack:T1:U1', '2026-W20')).toMatchObject({ status: 'sent' });
    expect(await s!.claimNudgeSend('slack:T1:U1', '2026-W20', 'p2', 6_500, 7_500)).toBeNull();
  });

  it('forgetMember deletes one member\'s personal data and nothing else; deleteWorkspace deletes the new tables too', async () => {
    const [s] = await stores(backend);
    for (const m of [ada, bob, { ...ada, workspaceId: 'T2' }]) {
      const id = await s!.showPractice({ ...m, itemId: 'q-1', sourceKey: 'p:x', optionOrder: [0, 1], shownAt: 1 });
      await s!.gradePractice({ ...m, itemId: 'q-1', correct: true, rating: 3, choice: 0, at: 2, reviewId: id }, bump);
      await s!.saveMockAttempt({ ...m, id: `${m.userId}${m.workspaceId}aaaa`, questionId: 'iq', topic: 'rag', level: 'mid', answer: 'a', points: 2, createdAt: 1 });
      await s!.gradeMockPoint(`${m.userId}${m.workspaceId}aaaa`, m.userId, 0, true, 2);
      await s!.setPlanItem(m, 'llm-apis', true, 1);
      await s!.putNudge(nudge({ ...m, id: `${m.platform}:${m.workspaceId}:${m.userId}` }));
      await s!.claimNudgeSend(`${m.platform}:${m.workspaceId}:${m.userId}`, '2026-W01', 'p', 1, 2);
      await s!.markSeen(m.platform, m.workspaceId, m.userId, 'iq', 1);
    }
    const gone = await s!.forgetMember(ada);
    expect(gone).toEqual({ practice_reviews: 1, practice_cards: 1, mock_grades: 1, mock_attempts: 1, plan_items: 1, nudge_sends: 1, nudges: 1, interview_seen: 1 });
    expect(await s!.practiceCards(ada)).toEqual([]);
    expect(await s!.practiceCards(bob)).toHaveLength(1);
    expect(await s!.practiceCards({ ...ada, workspaceId: 'T2' })).toHaveLength(1);
    const ws = await s!.deleteWorkspace('slack', 'T1');
    expect(ws).toMatchObject({ practice_reviews: 1, practice_cards: 1, mock_grades: 1, mock_attempts: 1, plan_items: 1, nudge_sends: 1, nudges: 1 });
    expect(await s!.planItems({ ...ada, workspaceId: 'T2' })).toHaveProperty('size', 1);
  });
});
