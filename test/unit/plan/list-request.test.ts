/** RFC 7644 §3.4.2.4 clamps and the server cap; RFC 9865 cursor vs startIndex. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseListRequest } from '../../../src/scim/list-request.js';
import { ScimError } from '../../../src/errors.js';

const limits = { defaultCount: 7, maxResults: 10 };

describe('parseListRequest paging', () => {
  test('count above maxResults is capped; negative count is 0; startIndex < 1 is 1; default count', () => {
    assert.equal(parseListRequest({ count: '5000' }, limits).count, 10);
    assert.equal(parseListRequest({ count: '-3' }, limits).count, 0);
    assert.equal(parseListRequest({ startIndex: '-3' }, limits).startIndex, 1);
    assert.equal(parseListRequest({}, limits).count, 7);
  });
  test('cursor: empty starts; with startIndex it is 400', () => {
    assert.equal(parseListRequest({ cursor: '' }, limits).cursor, '');
    assert.throws(() => parseListRequest({ cursor: '', startIndex: '1' }, limits), (e: unknown) => e instanceof ScimError && e.status === 400);
  });
  test('SearchRequest arrays for attributes', () => {
    assert.deepEqual(parseListRequest({ attributes: ['userName', 'name.givenName'] }, limits).attributes, [{ name: 'userName' }, { name: 'name', sub: 'givenName' }]);
  });
});
