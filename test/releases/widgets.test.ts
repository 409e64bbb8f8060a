import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addViews } from '../../src/releases/release-repository.js';
import { WidgetSource } from '../../src/releases/widgets.js';
import { createTestApp, seedRelease, type TestApp } from '../helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

describe('많이 본 뉴스', () => {
  it('answers with the last ranking while a new one is summed, and shows the new one after', async () => {
    const steady = await seedRelease(t.connection, { title: '꾸준한 자료', releasedAt: '2024-12-20T00:00:00Z' });
    const rising = await seedRelease(t.connection, { title: '뜨는 자료', releasedAt: '2024-12-21T00:00:00Z' });
    await addViews(t.connection.db, '2024-12-31', new Map([[steady, 10], [rising, 1]]));
    const widgets = new WidgetSource(t.connection.db);
    const at = (seconds: number) => new Date(Date.parse('2025-01-01T00:00:00Z') + seconds * 1000);
    const ranking = async (seconds: number) => (await widgets.get(at(seconds))).mostViewed.map((item) => item.title);

    expect(await ranking(0)).toEqual(['꾸준한 자료', '뜨는 자료']);
    await addViews(t.connection.db, '2024-12-31', new Map([[rising, 100]]));
    // Within the minute the ranking stands; past it the page still goes out at once, with the old one.
    expect(await ranking(30)).toEqual(['꾸준한 자료', '뜨는 자료']);
    expect(await ranking(61)).toEqual(['꾸준한 자료', '뜨는 자료']);
    await new Promise((resolve) => setImmediate(resolve));
    await widgets.settled();
    expect(await ranking(62)).toEqual(['뜨는 자료', '꾸준한 자료']);
  });

  it('waits for the first ranking, and for one after invalidate()', async () => {
    const only = await seedRelease(t.connection, { title: '하나뿐인 자료', releasedAt: '2024-12-20T00:00:00Z' });
    const widgets = new WidgetSource(t.connection.db);
    expect((await widgets.get(new Date('2025-01-01T00:00:00Z'))).mostViewed).toEqual([]);
    await addViews(t.connection.db, '2024-12-31', new Map([[only, 3]]));
    widgets.invalidate();
    expect((await widgets.get(new Date('2025-01-01T00:00:01Z'))).mostViewed.map((item) => item.title)).toEqual(['하나뿐인 자료']);
  });
});
