import { describe, expect, it } from 'vitest';
import type { ErrorIssue } from '../../server/src/core/errors';
import { type Span, intersectIntervals, intersectSpans, mergeSpans, subtractSpans, unionOfIntervals } from '../../server/src/core/scheduling/intervals';

const intervals = (spans: readonly Span[]) => spans.map(([s, e]) => ({ start: new Date(s), end: new Date(e) }));

describe('half-open interval sweeps', () => {
  it.each<[string, Span[], Span[]]>([
    ['empty', [], []],
    [
      'unsorted and overlapping',
      [
        [5, 7],
        [1, 3],
        [2, 4],
      ],
      [
        [1, 4],
        [5, 7],
      ],
    ],
    [
      'touching intervals join',
      [
        [1, 2],
        [2, 3],
      ],
      [[1, 3]],
    ],
    [
      'contained',
      [
        [1, 10],
        [2, 3],
        [4, 5],
      ],
      [[1, 10]],
    ],
    [
      'empty intervals block nothing',
      [
        [3, 3],
        [1, 2],
      ],
      [[1, 2]],
    ],
    [
      'duplicates',
      [
        [1, 2],
        [1, 2],
      ],
      [[1, 2]],
    ],
  ])('union: %s', (_label, input, expected) => {
    expect(mergeSpans(input)).toEqual(expected);
    expect(unionOfIntervals(intervals(input), 'busy', [])).toEqual(expected);
  });

  it('union agrees with mergeSpans on random input', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    for (let round = 0; round < 50; round++) {
      const spans: Span[] = Array.from({ length: 30 }, () => {
        const s = Math.floor(random() * 100);
        return [s, s + Math.floor(random() * 8)];
      });
      expect(unionOfIntervals(intervals(spans), 'busy', [])).toEqual(mergeSpans(spans));
    }
  });

  it('reports an invalid or reversed interval by its path', () => {
    const issues: ErrorIssue[] = [];
    unionOfIntervals(
      [
        { start: new Date(5), end: new Date(1) },
        { start: new Date(Number.NaN), end: new Date(1) },
      ],
      'people.2.busy',
      issues,
    );
    expect(issues.map((i) => i.path)).toEqual(['people.2.busy.0', 'people.2.busy.1']);
  });

  it.each<[string, Span[], Span[], Span[]]>([
    ['nothing removed', [[0, 10]], [], [[0, 10]]],
    [
      'middle',
      [[0, 10]],
      [[3, 5]],
      [
        [0, 3],
        [5, 10],
      ],
    ],
    [
      'edges are half-open',
      [[0, 10]],
      [
        [0, 2],
        [8, 10],
      ],
      [[2, 8]],
    ],
    [
      'one removal across two bases',
      [
        [0, 5],
        [6, 10],
      ],
      [[4, 7]],
      [
        [0, 4],
        [7, 10],
      ],
    ],
    [
      'everything',
      [
        [0, 5],
        [6, 10],
      ],
      [[-1, 11]],
      [],
    ],
    [
      'outside',
      [[5, 6]],
      [
        [0, 5],
        [6, 9],
      ],
      [[5, 6]],
    ],
  ])('subtract: %s', (_label, base, remove, expected) => {
    expect(subtractSpans(base, remove)).toEqual(expected);
  });

  it.each<[string, Span[], Span[], Span[]]>([
    ['overlap', [[0, 5]], [[3, 8]], [[3, 5]]],
    ['touching is not overlapping', [[0, 5]], [[5, 8]], []],
    [
      'many',
      [
        [0, 2],
        [4, 6],
        [8, 10],
      ],
      [[1, 9]],
      [
        [1, 2],
        [4, 6],
        [8, 9],
      ],
    ],
  ])('intersect: %s', (_label, a, b, expected) => {
    expect(intersectSpans(a, b)).toEqual(expected);
    expect(intersectSpans(b, a)).toEqual(expected);
  });

  it('intersects several parties’ windows', () => {
    expect(
      intersectIntervals(
        intervals([[0, 10]]),
        intervals([[5, 20]]),
        intervals([
          [2, 7],
          [9, 12],
        ]),
      ),
    ).toEqual(
      intervals([
        [5, 7],
        [9, 10],
      ]),
    );
    expect(intersectIntervals()).toEqual([]);
  });
});
