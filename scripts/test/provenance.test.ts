import { describe, expect, it } from 'vitest';
import {
  type ProvenanceCopy,
  type ProvenanceSubject,
  provenanceFindings,
} from '../lib/provenance.js';

const URL1 = 'https://doc.example.test/api-1';
const subject: ProvenanceSubject = {
  method: 'POST',
  path: '/open/x',
  docs: [{ url: 'https://doc.example.test/api-1', lang: 'zh', complete: true }],
  truncated: false,
  underDevelopment: false,
};
const cut: ProvenanceCopy = {
  source: 'doc.example.test/api-1.txt',
  url: 'https://doc.example.test/api-1',
  lang: 'zh',
  complete: false,
  underDevelopment: false,
};

describe('provenanceFindings (one rule set, typed findings, for both tools)', () => {
  it('with every copy known (coverage): a complete mark on a cut copy and the missing truncation mark', () => {
    expect(provenanceFindings(subject, [cut], { allCopies: true })).toEqual([
      {
        code: 'docs-complete',
        url: 'https://doc.example.test/api-1',
        listed: true,
        actual: false,
        sources: ['doc.example.test/api-1.txt'],
      },
    ]);
    // The listed complete: true stands in for a complete copy, so no truncation finding here;
    // without it every copy is cut and the mark is missing.
    const unlisted: ProvenanceSubject = {
      ...subject,
      docs: [{ url: URL1, lang: 'zh', complete: false }],
    };
    expect(provenanceFindings(unlisted, [cut], { allCopies: true })).toEqual([
      { code: 'cut-but-not-truncated' },
    ]);
  });

  it('with a partial folder (drift): a cut copy proves nothing about completeness or truncation', () => {
    expect(provenanceFindings(subject, [cut], { allCopies: false })).toEqual([]);
    const complete = { ...cut, complete: true };
    const pessimistic: ProvenanceSubject = {
      ...subject,
      truncated: true,
      docs: [{ url: URL1, lang: 'zh', complete: false }],
    };
    expect(provenanceFindings(pessimistic, [complete], { allCopies: false })).toEqual([
      {
        code: 'docs-complete',
        url: 'https://doc.example.test/api-1',
        listed: false,
        actual: true,
        sources: ['doc.example.test/api-1.txt'],
      },
      { code: 'truncated-but-complete', sources: ['doc.example.test/api-1.txt'] },
    ]);
  });

  it('reports unlisted copies and 开发中 disagreements in both modes', () => {
    const other = {
      ...cut,
      source: 'other.txt',
      url: 'https://doc.example.test/api-9',
      underDevelopment: true,
    };
    for (const allCopies of [true, false]) {
      const codes = provenanceFindings(subject, [other], { allCopies }).map((f) => f.code);
      expect(codes).toContain('docs-not-listed');
      expect(codes).toContain('dev-label-missing');
    }
  });
});
