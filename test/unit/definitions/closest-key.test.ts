import { describe, expect, it } from 'vitest';
import { closestKey, editDistance } from '../../../src/definitions/closest-key.js';

describe('editDistance', () => {
  it.each([
    ['period', 'period', 0],
    ['peroid', 'period', 1], // a swap of neighbours counts once
    ['perio', 'period', 1],
    ['periods', 'period', 1],
    ['pariod', 'period', 1],
    ['ttl', 'period', 6],
    ['', 'abc', 3],
  ])('%s → %s is %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestKey', () => {
  const TOP = ['attribute_groups', 'services', 'interventions', 'attribute_keys'];

  it('finds the known key a misspelling meant', () => {
    expect(closestKey('peroid', ['name', 'period', 'ttl'])).toBe('period');
    expect(closestKey('intervention', TOP)).toBe('interventions');
    expect(closestKey('service', TOP)).toBe('services');
  });

  it('matches up to case, "_" and "-"', () => {
    expect(closestKey('attributeGroups', TOP)).toBe('attribute_groups');
    expect(closestKey('Attribute-Keys', TOP)).toBe('attribute_keys');
  });

  it('gives nothing when no known key is close', () => {
    expect(closestKey('extra', TOP)).toBeUndefined();
    expect(closestKey('x', ['name', 'ttl'])).toBeUndefined();
    expect(closestKey('anything', [])).toBeUndefined();
  });

  it('prefers the closer key, then the earlier one', () => {
    expect(closestKey('nme', ['type', 'name'])).toBe('name');
    expect(closestKey('ab', ['ac', 'bb'])).toBe('ac');
  });
});
